/**
 * The installation's Ed25519 signing key for signed audit heads. It never lies in plain text in
 * the data folder: headless, it comes from `HILUM_SIGNING_KEY` (a PEM file; an encrypted PKCS#8
 * PEM is opened with `HILUM_SIGNING_KEY_PASSPHRASE`), or by default from the user's configuration
 * folder (`HILUM_CONFIG_DIR`, else `$XDG_CONFIG_HOME/hilum`, else `~/.config/hilum`), created on
 * first use with owner-only permissions. The Electron app would supply the key through
 * `setSigningKeySource` (a key sealed with `safeStorage`, unsealed in main) — see docs/GOVERNANCE.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { HilumError } from '../../src-core/errors';
import { sha256Hex } from './sha256Hex';

export interface SigningKey {
  /** SHA-256 (hex) of the DER SubjectPublicKeyInfo: what users pin with `--trusted-key`. */
  fingerprint: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Where it came from (a path or `env`/`app`), never the key itself. */
  source: string;
}

/** A source of the private key other than files (the app's OS keystore); null = use files. */
export type SigningKeySource = () => { pem: string; passphrase?: string; source: string };
let externalSource: SigningKeySource | null = null;

export function setSigningKeySource(source: SigningKeySource | null): void {
  externalSource = source;
  cached = null;
}

export function configDir(): string {
  if (process.env.HILUM_CONFIG_DIR) return path.resolve(process.env.HILUM_CONFIG_DIR);
  const base = process.env.XDG_CONFIG_HOME ? path.resolve(process.env.XDG_CONFIG_HOME) : path.join(os.homedir(), '.config');
  return path.join(base, 'hilum');
}

/** The key file in use: `HILUM_SIGNING_KEY`, or the default in the configuration folder. */
export function signingKeyFile(): string {
  return process.env.HILUM_SIGNING_KEY ? path.resolve(process.env.HILUM_SIGNING_KEY) : path.join(configDir(), 'audit-signing-ed25519.pem');
}

export function fingerprintOf(publicKeyPem: string): string {
  return sha256Hex(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }));
}

function fromPem(pem: string, passphrase: string | undefined, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
  } catch (error) {
    throw new HilumError(
      'SIGNING_KEY_UNAVAILABLE',
      `${source}: cannot open the audit signing key (${(error as Error).message}); an encrypted key needs HILUM_SIGNING_KEY_PASSPHRASE`,
      { file: source },
      { cause: error },
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new HilumError(
      'SIGNING_KEY_UNAVAILABLE',
      `${source}: the audit signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`,
      { file: source },
    );
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  return { fingerprint: fingerprintOf(publicKeyPem), privateKey, publicKey, publicKeyPem, source };
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function createDefaultKey(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  // 'wx': two processes racing on first use cannot overwrite each other's key.
  try {
    fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

let cached: { file: string; key: SigningKey; safeFor?: Set<string> } | null = null;

/**
 * The signing key for a store in `dataDir`. A plain-text key file inside the data folder is
 * refused (SIGNING_KEY_UNSAFE): whoever can write the folder could then re-sign a forged history.
 */
export function loadSigningKey(dataDir: string): SigningKey {
  if (externalSource) {
    if (cached?.file === 'app') return cached.key;
    const s = externalSource();
    cached = { file: 'app', key: fromPem(s.pem, s.passphrase, s.source) };
    return cached.key;
  }
  const file = signingKeyFile();
  const passphrase = process.env.HILUM_SIGNING_KEY_PASSPHRASE;
  if (!(cached && cached.file === file)) {
    if (!fs.existsSync(file)) {
      if (process.env.HILUM_SIGNING_KEY)
        throw new HilumError('SIGNING_KEY_UNAVAILABLE', `${file}: HILUM_SIGNING_KEY names a file that does not exist`, { file });
      createDefaultKey(file);
    }
    cached = { file, key: fromPem(fs.readFileSync(file, 'utf8'), passphrase, file), safeFor: new Set() };
  }
  const safeFor = (cached.safeFor ??= new Set());
  if (!safeFor.has(dataDir)) {
    if (isInside(fs.realpathSync(file), fs.realpathSync(path.resolve(dataDir))) && !fs.readFileSync(file, 'utf8').includes('ENCRYPTED')) {
      throw new HilumError(
        'SIGNING_KEY_UNSAFE',
        `${file}: the audit signing key is stored in plain text inside the data folder ${dataDir}; move it out or encrypt it (HILUM_SIGNING_KEY_PASSPHRASE)`,
        { file },
      );
    }
    safeFor.add(dataDir);
  }
  return cached.key;
}

/** The fingerprint of the locally configured key when it already exists (verification never creates a key). */
export function localKeyFingerprint(): string | null {
  try {
    if (externalSource) return fromPem(externalSource().pem, externalSource().passphrase, 'app').fingerprint;
    const file = signingKeyFile();
    if (!fs.existsSync(file)) return null;
    return fromPem(fs.readFileSync(file, 'utf8'), process.env.HILUM_SIGNING_KEY_PASSPHRASE, file).fingerprint;
  } catch {
    // An unreadable local key pins nothing; verification then needs --trusted-key.
    return null;
  }
}
