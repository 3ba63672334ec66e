/** Average precision over a prepared ranking, as scikit-learn's average_precision_score defines it. */
import type { Ranking } from './prepareRanking';

/**
 * AP = Σ_k (R_k − R_{k−1}) · P_k over distinct score thresholds taken from the highest down, a case
 * being predicted positive when its score ≥ threshold (tied cases enter together). This is the
 * step-wise sum scikit-learn uses — no interpolation. NaN when there is no positive weight.
 */
export function averagePrecisionFromRanking(ranking: Ranking, weights?: Float64Array): number {
  const packed = ranking.packed;
  const n = packed.length;
  let posTotal = 0;
  for (let k = 0; k < n; k++) {
    const entry = packed[k]!;
    if (entry & 2) posTotal += weights === undefined ? 1 : weights[entry >>> 2]!;
  }
  if (posTotal === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let sum = 0;
  let recallPrev = 0;
  // Walk from the highest score down; a group closes where the next lower position ends another group.
  for (let k = n - 1; k >= 0; k--) {
    const entry = packed[k]!;
    const w = weights === undefined ? 1 : weights[entry >>> 2]!;
    if (entry & 2) tp += w;
    else fp += w;
    if ((k === 0 || (packed[k - 1]! & 1) === 1) && tp + fp > 0) {
      const recall = tp / posTotal;
      sum += (recall - recallPrev) * (tp / (tp + fp));
      recallPrev = recall;
    }
  }
  return sum;
}
