/**
 * Password hashing with scrypt (node:crypto). Parameters: N = 2^15, r = 8, p = 1, 32-byte key,
 * 16-byte random salt per user (OWASP's scrypt minimum is N=2^17 with r=8,p=1 or an equivalent
 * cost; N=2^15 keeps a sign-off under ~0.2 s on a 2-core laptop — raise it here, old hashes still
 * verify because the parameters are stored in the hash string `scrypt$N$r$p$salt$hash`).
 * Comparison is timing-safe.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { HilumError } from '../../src-core/errors';

export const scryptParams = { N: 1 << 15, r: 8, p: 1, keyLength: 32, saltBytes: 16 } as const;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Buffer {
  // maxmem must exceed 128·N·r bytes (32 MiB at the defaults).
  return scryptSync(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r });
}

export function hashPassword(password: string): string {
  if (password.length < 8) throw new HilumError('INVALID_ARGUMENT', 'password must be at least 8 characters', {});
  const { N, r, p, keyLength, saltBytes } = scryptParams;
  const salt = randomBytes(saltBytes);
  const key = derive(password, salt, N, r, p, keyLength);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new HilumError('BUG', 'stored password hash has an unknown format', {});
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const actual = derive(password, Buffer.from(saltB64, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected);
}
