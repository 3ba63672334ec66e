/** Underdiagnosis rate: among cases with ≥ 1 known positive finding, the share predicted all-negative ("no finding"). */
import type { WeightedStatistic } from '../bootstrap/bootstrapCi';
import type { LabelColumns } from '../types';

/**
 * A case is "predicted all-negative" when every label's score is below its threshold (all labels,
 * including those whose truth is unknown, since the model still calls them). Returns a statistic
 * over case weights restricted to `members`; NaN when the group has no case with a positive finding.
 */
export function underdiagnosisStatistic(
  predictions: LabelColumns,
  labels: LabelColumns,
  thresholds: readonly number[],
  members: Int32Array,
): WeightedStatistic {
  const m = members.length;
  const hasPositive = new Uint8Array(m);
  const calledNegative = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const i = members[k]!;
    hasPositive[k] = labels.some((column) => column[i] === 1) ? 1 : 0;
    calledNegative[k] = predictions.every((column, l) => column[i]! < thresholds[l]!) ? 1 : 0;
  }
  return (weights) => {
    let denominator = 0;
    let numerator = 0;
    for (let k = 0; k < m; k++) {
      if (hasPositive[k] === 0) continue;
      const w = weights[members[k]!]!;
      denominator += w;
      numerator += w * calledNegative[k]!;
    }
    return denominator > 0 ? numerator / denominator : NaN;
  };
}
