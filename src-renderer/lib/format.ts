/**
 * How numbers read in the app: 3 significant figures, thousands grouped, an interval in brackets,
 * probabilities from logits, and "—" for a value that does not exist. Pure, so tests can pin it.
 */

/** 3 significant figures without exponent noise: 0.812, 12.3, 1,234, 0.000123. */
export function formatNumber(value: number | null | undefined, significant = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  // Integers at or above the precision keep every digit (1,234 images, not 1,230).
  if (Number.isInteger(value) && magnitude + 1 >= significant) return value.toLocaleString('en-GB');
  const decimals = Math.max(0, significant - 1 - magnitude);
  const rounded = Number(value.toFixed(Math.min(decimals, 20)));
  return rounded.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** An integer count with thousands grouped. */
export const formatCount = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : Math.round(value).toLocaleString('en-GB');

/** A fraction as a percentage with 3 significant figures: 0.4567 → "45.7 %". */
export const formatPercent = (fraction: number | null | undefined): string =>
  fraction === null || fraction === undefined ? '—' : `${formatNumber(fraction * 100)} %`;

export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
  reason?: string | null;
}

/** "0.812 [0.775, 0.846]"; "not defined: <reason>" when there is no value. */
export function formatEstimate(e: Estimate): string {
  if (e.value === null) return `not defined${e.reason ? `: ${e.reason}` : ''}`;
  return e.low === null && e.high === null
    ? formatNumber(e.value)
    : `${formatNumber(e.value)} [${formatNumber(e.low)}, ${formatNumber(e.high)}]`;
}

export const sigmoid = (logit: number): number => 1 / (1 + Math.exp(-logit));

/** A decision threshold as the probability it means, whatever scale the report stored it on. */
export function thresholdAsProbability(threshold: number, scoreKind: string): number {
  return /logit/i.test(scoreKind) ? sigmoid(threshold) : threshold;
}
