/** "0.812 (0.775–0.846)" for an estimate with its 95 % interval; "undefined: <reason>" when there is no value. */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
  reason: string | null;
}

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));

export function formatEstimate(e: Estimate, digits = 3): string {
  if (e.value === null) return `undefined${e.reason ? `: ${e.reason}` : ''}`;
  return e.low === null && e.high === null ? fixed(e.value, digits) : `${fixed(e.value, digits)} (${fixed(e.low, digits)}–${fixed(e.high, digits)})`;
}
