/** Paired bootstrap of the difference between two models' metric on the same cases (same resamples for both). */
import { bootstrapMany, type BootstrapOptions, type BootstrapResult } from './bootstrapCi';

export interface PairedBootstrapResult {
  a: BootstrapResult;
  b: BootstrapResult;
  /** a − b with its percentile interval. */
  difference: BootstrapResult;
  /**
   * Two-sided bootstrap p-value for "no difference": twice the smaller share of resampled differences
   * on either side of 0 (capped at 1). Coarse below 1/resamples.
   */
  pValue: number;
}

export function pairedBootstrap(
  caseCount: number,
  statisticA: (weights: Float64Array) => number,
  statisticB: (weights: Float64Array) => number,
  options: BootstrapOptions,
): PairedBootstrapResult {
  const draws: number[] = [];
  const difference = (w: Float64Array): number => {
    const d = statisticA(w) - statisticB(w);
    draws.push(d);
    return d;
  };
  const [a, b, diff] = bootstrapMany(caseCount, [statisticA, statisticB, difference], options);
  // draws[0] is the point estimate (weights all 1); the rest are the resamples.
  let below = 0;
  let above = 0;
  let finite = 0;
  for (let r = 1; r < draws.length; r++) {
    const d = draws[r]!;
    if (Number.isNaN(d)) continue;
    finite++;
    if (d <= 0) below++;
    if (d >= 0) above++;
  }
  const pValue = finite === 0 ? NaN : Math.min(1, (2 * Math.min(below, above)) / finite);
  return { a: a!, b: b!, difference: diff!, pValue };
}
