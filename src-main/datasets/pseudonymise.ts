/**
 * Pseudonyms for PHI: HMAC-SHA-256 keyed with a per-installation secret salt, so the same
 * patient gets the same pseudonym across datasets on one installation (which is what lets the
 * leakage check catch a patient shared between a dataset and its external set), while the
 * original ID cannot be recovered or re-derived without the salt. The salt lives in
 * `<dataDir>/installation-salt` (32 random bytes, hex, mode 0600), created on first use.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';

export const SALT_FILE_NAME = 'installation-salt';

export type PseudonymKind = 'patient' | 'study' | 'site';
const PREFIX: Record<PseudonymKind, string> = { patient: 'P', study: 'S', site: 'SITE' };

export interface Pseudonymiser {
  /** Returns null for null/blank input. `namespace` separates ID spaces (e.g. two hospitals' numbering). */
  pseudonym(kind: PseudonymKind, value: string | null | undefined, namespace?: string): string | null;
}

export function loadInstallationSalt(dataDir: string): Buffer {
  const file = path.join(dataDir, SALT_FILE_NAME);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600); // the umask may have widened the mode
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new HilumError('IO_ERROR', `${file}: cannot create the installation salt (${(error as Error).message})`, { file });
    }
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new HilumError('CONFIG_INVALID', `${file}: installation salt is not 64 hex digits`, { file });
  return Buffer.from(hex, 'hex');
}

export function createPseudonymiser(salt: Buffer): Pseudonymiser {
  return {
    pseudonym(kind, value, namespace = '') {
      const v = (value ?? '').trim();
      if (v === '') return null;
      const mac = createHmac('sha256', salt).update(`${kind}\u0000${namespace}\u0000${v}`).digest('hex');
      // 80 bits: collisions stay below 1e-13 for a million patients.
      return `${PREFIX[kind]}-${mac.slice(0, 20)}`;
    },
  };
}

export function pseudonymise(dataDir: string): Pseudonymiser {
  return createPseudonymiser(loadInstallationSalt(dataDir));
}
