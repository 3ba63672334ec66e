/**
 * The installation's Ed25519 key that signs audit checkpoints. The private key lives in
 * `<dataDir>/governance/installation-ed25519.pem` (mode 0600); its public key is recorded in
 * `installation_keys` so verification needs no secret.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import { installationKeys } from '../store/schema';
import { sha256Hex } from './sha256Hex';

export interface InstallationKey {
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function governanceDir(dataDir: string): string {
  return path.join(dataDir, 'governance');
}

export function installationKeyFile(dataDir: string): string {
  return path.join(governanceDir(dataDir), 'installation-ed25519.pem');
}

export function keyIdOf(publicKeyPem: string): string {
  return sha256Hex(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' })).slice(0, 16);
}

const cache = new WeakMap<Store, InstallationKey>();

export function loadInstallationKey(store: Store): InstallationKey {
  const cached = cache.get(store);
  if (cached) return cached;
  const file = installationKeyFile(store.dataDir);
  let privateKey: KeyObject;
  if (fs.existsSync(file)) {
    try {
      privateKey = createPrivateKey(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new HilumError('IO_ERROR', `${file}: cannot read the installation signing key (${(error as Error).message})`, { file }, { cause: error });
    }
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    // 'wx' so two processes racing on first use cannot overwrite each other's key.
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    privateKey = createPrivateKey(fs.readFileSync(file, 'utf8'));
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  const keyId = keyIdOf(publicKeyPem);
  if (!store.db.select().from(installationKeys).where(eq(installationKeys.keyId, keyId)).get()) {
    store.db.insert(installationKeys).values({ keyId, algorithm: 'ed25519', publicKeyPem, createdAt: new Date().toISOString() }).onConflictDoNothing().run();
  }
  const key = { keyId, privateKey, publicKeyPem };
  cache.set(store, key);
  return key;
}
