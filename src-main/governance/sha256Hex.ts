/** SHA-256 as lowercase hex, of text (UTF-8) or bytes; and of a value's canonical JSON. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src-core/governance';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
