/** AUROC over a prepared ranking, optionally under case weights (bootstrap counts): O(n), NaN when undefined. */
import type { Ranking } from './prepareRanking';

/**
 * AUROC = P(score_pos > score_neg) + ½ P(tie): summing, per tie group, the positive weight times
 * (negative weight strictly below + half the negative weight in the group) is the weighted
 * Mann–Whitney statistic with midranks. Returns NaN when the weighted positives or negatives are 0,
 * or when every weighted case shares one score (a constant model ranks nothing: its 0.5 would be
 * an artefact, not a measurement). `computeAuroc` throws with the reason instead.
 */
export function aurocFromRanking(ranking: Ranking, weights?: Float64Array): number {
  const packed = ranking.packed;
  const n = packed.length;
  let negBelow = 0;
  let posTotal = 0;
  let numerator = 0;
  let groupPos = 0;
  let groupNeg = 0;
  let groups = 0;
  for (let k = 0; k < n; k++) {
    const entry = packed[k]!;
    const w = weights === undefined ? 1 : weights[entry >>> 2]!;
    if (entry & 2) groupPos += w;
    else groupNeg += w;
    if (entry & 1) {
      if (groupPos + groupNeg > 0) groups++;
      numerator += groupPos * (negBelow + 0.5 * groupNeg);
      negBelow += groupNeg;
      posTotal += groupPos;
      groupPos = 0;
      groupNeg = 0;
    }
  }
  if (posTotal === 0 || negBelow === 0 || groups < 2) return NaN;
  return numerator / (posTotal * negBelow);
}
