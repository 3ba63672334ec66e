/** Sensitivity (recall) of one label at a threshold over a group's cases, as a statistic of case weights. */
import type { WeightedStatistic } from '../bootstrap/bootstrapCi';

/** Weighted TP / (TP + FN) among members with label 1 (score ≥ threshold is positive); NaN without positives. */
export function sensitivityStatistic(
  scores: Float64Array,
  labels: Float64Array,
  threshold: number,
  members: Int32Array,
): WeightedStatistic {
  const positives: number[] = [];
  const detected: number[] = [];
  for (const i of members) {
    if (labels[i] !== 1) continue;
    positives.push(i);
    detected.push(scores[i]! >= threshold ? 1 : 0);
  }
  const index = Int32Array.from(positives);
  const hit = Uint8Array.from(detected);
  return (weights) => {
    let total = 0;
    let tp = 0;
    for (let k = 0; k < index.length; k++) {
      const w = weights[index[k]!]!;
      total += w;
      tp += w * hit[k]!;
    }
    return total > 0 ? tp / total : NaN;
  };
}
