/** Shared shapes for metrics: per-label columns over cases, labels as 1 / 0 / NaN (unknown). */

/** One column per label; each column has one entry per case. Labels: 1, 0 or NaN (unknown, excluded). */
export type LabelColumns = readonly Float64Array[];

/** A metric estimate with its 95% percentile bootstrap interval. `value` is NaN when undefined (see `reason`). */
export interface Estimate {
  value: number;
  ci95?: [number, number];
  /** Why the value (or its interval) is undefined. */
  reason?: string;
  /** Bootstrap resamples where the statistic was undefined (e.g. no positives drawn); excluded from the CI. */
  undefinedResamples?: number;
}
