// `hilum dataset split --external-of` through the bin entry: an external set whose patient IDs collide with its base
// dataset's is refused (SPLIT_LEAKAGE) with `--patient-namespace` named as the fix, and that fix then works.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../helpers/paths';
import { spawnHilum } from '../../helpers/spawnHilum';

const nih = path.join(sharedDataDir, 'nih-cxr14-subset-64px');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-external-hint-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const dataDir = path.join(tmp, 'data');
const hilum = (...args: string[]) => spawnHilum(['--json', '--data-dir', dataDir, ...args]);

function csvImport(name: string, rows: string[], extra: string[] = []) {
  const csv = path.join(tmp, `${name}.csv`);
  fs.writeFileSync(csv, `file,pid,site,finding\n${rows.join('\n')}\n`);
  const mapping = ['--image-column', 'file', '--patient-column', 'pid', '--site-column', 'site', '--label-columns', 'finding'];
  return hilum('dataset', 'import', nih, '--format', 'csv', '--csv', csv, ...mapping, '--name', name, '--size', '32', ...extra);
}

describe.skipIf(!fs.existsSync(nih))('--external-of leakage refusal', () => {
  it('names --patient-namespace as the fix, and the fix is accepted', async () => {
    const base = await csvImport('base', [
      'images/00000001_000.png,1,Site A,1',
      'images/00000002_000.png,2,Site A,0',
      'images/00000003_000.png,3,Site A,1',
      'images/00000004_000.png,4,Site A,0',
    ]);
    expect(base.code, base.stderr).toBe(0);
    const rows = ['images/00000005_000.png,1,Elsewhere,1', 'images/00000006_000.png,2,Elsewhere,0'];
    const [collide, spaced, split] = await Promise.all([
      csvImport('collide', rows),
      csvImport('spaced', rows, ['--patient-namespace', 'elsewhere']),
      hilum('dataset', 'split', 'base', '--fractions', '0.5,0.25,0.25'),
    ]);
    expect([collide.code, spaced.code, split.code]).toEqual([0, 0, 0]);
    const refused = await hilum('dataset', 'split', 'collide', '--external-of', 'base');
    expect(refused.code).toBe(1);
    const error = JSON.parse(refused.stderr).error;
    expect(error.code).toBe('SPLIT_LEAKAGE');
    expect(error.message).toContain('--patient-namespace');
    const accepted = await hilum('dataset', 'split', 'spaced', '--external-of', 'base');
    expect(accepted.code, accepted.stderr).toBe(0);
  }, 300_000);
});
