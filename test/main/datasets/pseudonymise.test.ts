import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SALT_FILE_NAME, loadInstallationSalt, pseudonymise } from '../../../src-main/datasets/pseudonymise';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'hilum-salt-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('pseudonymise', () => {
  it('creates a 0600 salt once and derives stable HMAC-SHA-256 pseudonyms from it', () => {
    const dir = tmp();
    const p = pseudonymise(dir);
    const file = path.join(dir, SALT_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const salt = readFileSync(file, 'utf8');
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    const expected = createHmac('sha256', Buffer.from(salt, 'hex')).update('patient\u0000\u000012345').digest('hex').slice(0, 20);
    expect(p.pseudonym('patient', '12345')).toBe(`P-${expected}`);
    expect(pseudonymise(dir).pseudonym('patient', '12345')).toBe(p.pseudonym('patient', '12345'));
    expect(loadInstallationSalt(dir).toString('hex')).toBe(salt);
    expect(p.pseudonym('patient', '12345', 'hospital-b')).not.toBe(p.pseudonym('patient', '12345'));
    expect(p.pseudonym('site', '12345')).not.toBe((p.pseudonym('patient', '12345') ?? '').replace('P-', 'SITE-'));
    expect(p.pseudonym('patient', '  ')).toBeNull();
  });

  it('gives different pseudonyms on another installation', () => {
    expect(pseudonymise(tmp()).pseudonym('patient', 'A')).not.toBe(pseudonymise(tmp()).pseudonym('patient', 'A'));
  });
});
