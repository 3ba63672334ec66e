/** Per-case confidence and loss for a multi-label model at frozen thresholds, the inputs of selective prediction. */
import type { LabelColumns } from '../types';

/**
 * Confidence of a case = the smallest, over labels, of how far the probability sits from its
 * threshold, scaled to [0, 1] on that side (|p − t| / t below, |p − t| / (1 − t) above): the least
 * certain finding decides whether the case is safe to report. Loss = fraction of the case's known
 * labels that are misclassified at the thresholds (NaN when the case has no known label; such cases
 * are dropped by the caller).
 */
export function multilabelSelectiveInputs(
  probabilities: LabelColumns,
  labels: LabelColumns,
  thresholds: readonly number[],
): { confidence: Float64Array; loss: Float64Array } {
  const n = probabilities[0]?.length ?? 0;
  const confidence = new Float64Array(n).fill(Infinity);
  const loss = new Float64Array(n);
  const known = new Float64Array(n);
  probabilities.forEach((column, l) => {
    const t = thresholds[l]!;
    const y = labels[l]!;
    for (let i = 0; i < n; i++) {
      const p = column[i]!;
      const margin = p >= t ? (t < 1 ? (p - t) / (1 - t) : 1) : t > 0 ? (t - p) / t : 1;
      if (margin < confidence[i]!) confidence[i] = margin;
      const truth = y[i]!;
      if (Number.isNaN(truth)) continue;
      known[i]! += 1;
      if ((p >= t ? 1 : 0) !== truth) loss[i]! += 1;
    }
  });
  for (let i = 0; i < n; i++) loss[i] = known[i]! > 0 ? loss[i]! / known[i]! : NaN;
  return { confidence, loss };
}
