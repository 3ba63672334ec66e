/**
 * The app's signing key sealed by the OS keystore (Electron `safeStorage`: Keychain, DPAPI, libsecret/kwallet):
 * kept in the configuration folder only as ciphertext the OS account can unseal. The logic lives here, in
 * Node-testable form, against a `KeySealer` (safeStorage's shape); src-main/electron only passes safeStorage in.
 * On first use an existing headless key (the configuration folder's PEM) is adopted, so the app and the CLI on
 * one machine keep signing the same chain; otherwise a new key is generated. Where the keystore cannot seal
 * (no keyring: Linux's `basic_text` backend is a fixed-password obfuscation), nothing is installed and the
 * headless default applies; the returned line says which, for main to log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { HilumError } from '../../src-core/errors';
import { configDir, setSigningKeySource, signingKeyFile } from './signingKey';

/** The subset of Electron's `safeStorage` used here. */
export interface KeySealer {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export function sealedKeyFile(): string {
  return path.join(configDir(), 'audit-signing-ed25519.sealed');
}

function sealNewKey(sealer: KeySealer, file: string): void {
  const headless = signingKeyFile();
  const pem = fs.existsSync(headless)
    ? fs.readFileSync(headless, 'utf8')
    : (generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, sealer.encryptString(pem), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance sealed one first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Installs the sealed key as the signing key source when the keystore can seal; returns what is in use, in words. */
export function useSealedSigningKey(sealer: KeySealer): string {
  const backend = sealer.getSelectedStorageBackend?.();
  if (!sealer.isEncryptionAvailable() || backend === 'basic_text') {
    setSigningKeySource(null);
    return `OS keystore unavailable${backend ? ` (backend ${backend})` : ''}: audit signing key from ${signingKeyFile()} (owner-only file)`;
  }
  const file = sealedKeyFile();
  if (!fs.existsSync(file)) sealNewKey(sealer, file);
  setSigningKeySource(() => {
    try {
      return { pem: sealer.decryptString(fs.readFileSync(file)), source: `${file} (sealed by the OS keystore)` };
    } catch (error) {
      throw new HilumError(
        'SIGNING_KEY_UNAVAILABLE',
        `${file}: the OS keystore cannot unseal the audit signing key (${(error as Error).message}); it was sealed by another OS account or keyring`,
        { file },
        { cause: error },
      );
    }
  });
  return `audit signing key sealed by the OS keystore in ${file}`;
}
