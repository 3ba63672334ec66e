/** Reliability-diagram bins (equal-width or equal-mass) of one label over a prepared ranking, under optional weights. */
import type { Ranking } from '../discrimination/prepareRanking';

export type BinStrategy = 'equalWidth' | 'equalMass';

export interface ReliabilityBin {
  /** Bin edges: fixed for equal-width bins; the smallest and largest confidence inside for equal-mass bins. */
  lower: number;
  upper: number;
  /** Mean predicted probability of the positive class in the bin. */
  meanConfidence: number;
  /** Observed fraction of positives in the bin. */
  observedFrequency: number;
  /** Number of cases (sum of weights) in the bin. */
  count: number;
}

/**
 * Equal-width: bin k holds p in [k/M, (k+1)/M), the last bin also p = 1 (index = min(⌊pM⌋, M−1)).
 * Equal-mass: cases sorted by p (ties by case index) and cut at positions ⌊k·N/M⌋ — tied
 * probabilities may straddle a cut, which keeps bins equal. With weights, a case counts as `w`
 * consecutive copies and is split across a cut, so integer weights give exactly the bins of the
 * resampled data set. Empty bins are returned with count 0 and NaN means.
 */
export function reliabilityFromRanking(
  ranking: Ranking,
  binCount: number,
  strategy: BinStrategy,
  weights?: Float64Array,
): ReliabilityBin[] {
  const sumW = new Float64Array(binCount);
  const sumP = new Float64Array(binCount);
  const sumY = new Float64Array(binCount);
  const lower = new Float64Array(binCount).fill(Infinity);
  const upper = new Float64Array(binCount).fill(-Infinity);
  const { order, positive, sortedScores } = ranking;
  const n = order.length;
  const add = (b: number, w: number, k: number): void => {
    if (w <= 0) return;
    const p = sortedScores[k]!;
    sumW[b]! += w;
    sumP[b]! += w * p;
    sumY[b]! += w * positive[k]!;
    if (p < lower[b]!) lower[b] = p;
    if (p > upper[b]!) upper[b] = p;
  };
  if (strategy === 'equalWidth') {
    // Hot path inside bootstraps: no closure, and the fixed edges need no min/max tracking.
    for (let k = 0; k < n; k++) {
      const w = weights === undefined ? 1 : weights[order[k]!]!;
      if (w <= 0) continue;
      const p = sortedScores[k]!;
      const b = Math.min(Math.max(Math.floor(p * binCount), 0), binCount - 1);
      sumW[b]! += w;
      sumP[b]! += w * p;
      sumY[b]! += w * positive[k]!;
    }
  } else {
    let total = 0;
    for (let k = 0; k < n; k++) total += weights === undefined ? 1 : weights[order[k]!]!;
    const cut = (b: number): number => Math.floor((b * total) / binCount);
    let b = 0;
    let start = 0;
    for (let k = 0; k < n; k++) {
      const w = weights === undefined ? 1 : weights[order[k]!]!;
      let from = start;
      const to = start + w;
      while (from < to) {
        while (b < binCount - 1 && from >= cut(b + 1)) b++;
        const end = b < binCount - 1 ? Math.min(to, cut(b + 1)) : to;
        add(b, end - from, k);
        from = end;
      }
      start = to;
    }
  }
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < binCount; b++) {
    const w = sumW[b]!;
    bins.push({
      lower: strategy === 'equalWidth' ? b / binCount : w > 0 ? lower[b]! : NaN,
      upper: strategy === 'equalWidth' ? (b + 1) / binCount : w > 0 ? upper[b]! : NaN,
      meanConfidence: w > 0 ? sumP[b]! / w : NaN,
      observedFrequency: w > 0 ? sumY[b]! / w : NaN,
      count: w,
    });
  }
  return bins;
}

/** ECE = Σ_b (n_b / N) · |confidence_b − frequency_b|; MCE = max over non-empty bins of the same gap. NaN if empty. */
export function calibrationErrors(bins: ReliabilityBin[]): { ece: number; mce: number } {
  let total = 0;
  let weighted = 0;
  let mce = 0;
  for (const bin of bins) {
    if (bin.count <= 0) continue;
    const gap = Math.abs(bin.meanConfidence - bin.observedFrequency);
    total += bin.count;
    weighted += bin.count * gap;
    if (gap > mce) mce = gap;
  }
  if (total === 0) return { ece: NaN, mce: NaN };
  return { ece: weighted / total, mce };
}
