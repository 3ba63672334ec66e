/** Turns estimates into JSON-safe objects: NaN becomes null and always comes with a reason. */
import type { BootstrapResult } from '../bootstrap/bootstrapCi';
import type { MaybeValue } from '../discrimination/summarizeDiscrimination';

export interface JsonEstimate {
  value: number | null;
  ci95?: [number | null, number | null];
  reason?: string;
  undefinedResamples?: number;
}

export function jsonNumber(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** `pointReason` explains an undefined point estimate better than the bootstrap's generic text (e.g. 'no positive cases'). */
export function jsonEstimate(result: BootstrapResult | MaybeValue, pointReason?: string): JsonEstimate {
  const out: JsonEstimate = { value: jsonNumber(result.value) };
  if ('ci95' in result) {
    out.ci95 = [jsonNumber(result.ci95[0]), jsonNumber(result.ci95[1])];
    if (result.undefinedResamples > 0) out.undefinedResamples = result.undefinedResamples;
  }
  if (out.value === null && pointReason !== undefined) out.reason = pointReason;
  else if (result.reason !== undefined) out.reason = result.reason;
  else if (out.value === null || (out.ci95 !== undefined && out.ci95[0] === null)) out.reason = 'undefined';
  return out;
}

/** Recursively replaces non-finite numbers by null (JSON has no NaN). */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}
