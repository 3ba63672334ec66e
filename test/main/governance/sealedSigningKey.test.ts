// The app's OS-keystore signing key, through a fake safeStorage (the Electron binary cannot run here): only
// ciphertext on disk, the CLI's existing key adopted so app and CLI sign one chain, appends signed with it,
// no key installed when the keystore cannot seal, and a typed error when it cannot unseal.
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvent, loadSigningKey, setSigningKeySource, signedAuditHead, signingKeyFile } from '../../../src-main/governance';
import { sealedKeyFile, useSealedSigningKey, type KeySealer } from '../../../src-main/governance/sealedSigningKey';
import { openStore } from '../../../src-main/store/openStore';
import { removeTempDirs, tempDir } from './governanceFixtures';

/** AES-GCM under a key held in memory, as the OS keystore holds its key outside the file. */
function fakeSafeStorage(available = true, backend?: string): KeySealer & { key: Buffer } {
  const key = randomBytes(32);
  return {
    key,
    isEncryptionAvailable: () => available,
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
    encryptString: (text) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString: (data) => {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const saved = process.env.HILUM_CONFIG_DIR;
beforeEach(() => {
  process.env.HILUM_CONFIG_DIR = tempDir('sealed-config');
});
afterEach(() => {
  setSigningKeySource(null);
  if (saved === undefined) delete process.env.HILUM_CONFIG_DIR;
  else process.env.HILUM_CONFIG_DIR = saved;
  removeTempDirs();
});

describe('useSealedSigningKey', () => {
  it('seals a new key (ciphertext only, owner-only file) and signs appends with it', () => {
    const sealer = fakeSafeStorage();
    expect(useSealedSigningKey(sealer)).toMatch(/sealed by the OS keystore/);
    const file = sealedKeyFile();
    const bytes = fs.readFileSync(file);
    expect(bytes.toString('latin1')).not.toContain('PRIVATE KEY');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(signingKeyFile())).toBe(false);
    const dir = tempDir('sealed-data');
    const store = openStore({ dataDir: dir });
    try {
      appendAuditEvent(store, { actor: 'a', action: 'x', recordType: 'r', recordId: '1' });
      expect(signedAuditHead(store)!.keyFingerprint).toBe(loadSigningKey(dir).fingerprint);
      expect(loadSigningKey(dir).source).toContain('sealed by the OS keystore');
    } finally {
      store.close();
    }
    // No plain-text key was written anywhere in the configuration or data folder.
    for (const d of [path.dirname(file), dir])
      for (const f of fs.readdirSync(d, { recursive: true }) as string[]) {
        const p = path.join(d, f);
        if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).toString('latin1')).not.toContain('PRIVATE KEY');
      }
  });

  it("adopts the CLI's existing key, so the app and the CLI sign the same chain", () => {
    setSigningKeySource(null);
    const cliKey = loadSigningKey(tempDir('cli-data'));
    const sealer = fakeSafeStorage();
    useSealedSigningKey(sealer);
    expect(loadSigningKey(tempDir('app-data')).fingerprint).toBe(cliKey.fingerprint);
  });

  it('installs nothing where the keystore cannot seal, and says so', () => {
    expect(useSealedSigningKey(fakeSafeStorage(false))).toMatch(/OS keystore unavailable.*owner-only file/);
    expect(useSealedSigningKey(fakeSafeStorage(true, 'basic_text'))).toMatch(/backend basic_text/);
    expect(fs.existsSync(sealedKeyFile())).toBe(false);
    expect(loadSigningKey(tempDir('plain-data')).source).toBe(signingKeyFile());
  });

  it('refuses with a typed error when another keystore sealed the key', () => {
    useSealedSigningKey(fakeSafeStorage());
    useSealedSigningKey(fakeSafeStorage());
    expect(() => loadSigningKey(tempDir('other-data'))).toThrowError(expect.objectContaining({ code: 'SIGNING_KEY_UNAVAILABLE' }));
  });
});
