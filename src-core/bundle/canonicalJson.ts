/** Canonical JSON: object keys sorted (code-unit order), no whitespace; the same value always gives the same bytes to hash. */
import { HilumError } from '../errors';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    // NaN and ±Infinity have no JSON form: a hashed document must not silently turn them into null.
    if (!Number.isFinite(value)) throw new HilumError('INVALID_ARGUMENT', `canonical JSON cannot hold ${value}`, { value: String(value) });
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new HilumError('INVALID_ARGUMENT', `canonical JSON cannot hold a ${typeof value}`, {});
}
