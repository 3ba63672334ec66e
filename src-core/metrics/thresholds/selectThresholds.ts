/** Per-label decision thresholds chosen on validation data (max F1, max Youden's J, a target sensitivity or a target specificity); pure. */
import { prepareRanking } from '../discrimination/prepareRanking';
import { metricUndefined } from '../metricUndefined';
import type { LabelColumns } from '../types';

export type ThresholdCriterion =
  | { kind: 'maxF1' }
  | { kind: 'maxYouden' }
  | { kind: 'targetSensitivity'; sensitivity: number }
  | { kind: 'targetSpecificity'; specificity: number };

export interface ThresholdChoice {
  /** Predict positive when score ≥ threshold. */
  threshold: number;
  criterion: ThresholdCriterion['kind'];
  sensitivity: number;
  specificity: number;
  f1: number;
}

/**
 * Candidates are the distinct observed scores (a threshold between two scores is equivalent to the
 * higher one). Scanning from the highest score down accumulates TP/FP per tie group in O(n log n).
 * Ties in the criterion keep the highest threshold (fewest positive calls). For a target sensitivity
 * the chosen threshold is the highest one whose sensitivity reaches the target, which maximises
 * specificity subject to the target. For a target specificity it is the lowest threshold whose
 * specificity still reaches the target, which maximises sensitivity subject to the target.
 */
export function selectThreshold(scores: Float64Array, labels: Float64Array, criterion: ThresholdCriterion): ThresholdChoice {
  const ranking = prepareRanking(scores, labels);
  const { positive, groupEnd, sortedScores } = ranking;
  const n = ranking.order.length;
  let positives = 0;
  for (let k = 0; k < n; k++) positives += positive[k]!;
  const negatives = n - positives;
  if (n === 0) throw metricUndefined('threshold', 'no cases with a known label');
  if (positives === 0) throw metricUndefined('threshold', 'no positive cases');
  if ((criterion.kind === 'maxYouden' || criterion.kind === 'targetSpecificity') && negatives === 0)
    throw metricUndefined('threshold', `no negative cases (${criterion.kind} needs specificity)`);
  if (criterion.kind === 'targetSpecificity' && !(criterion.specificity > 0 && criterion.specificity <= 1)) {
    throw metricUndefined('threshold', `target specificity ${criterion.specificity} is not in (0, 1]`);
  }
  if (criterion.kind === 'targetSensitivity' && !(criterion.sensitivity > 0 && criterion.sensitivity <= 1)) {
    throw metricUndefined('threshold', `target sensitivity ${criterion.sensitivity} is not in (0, 1]`);
  }
  let tp = 0;
  let fp = 0;
  let best: ThresholdChoice | null = null;
  let bestValue = -Infinity;
  for (let k = n - 1; k >= 0; k--) {
    if (positive[k] === 1) tp++;
    else fp++;
    if (!(k === 0 || groupEnd[k - 1] === 1)) continue;
    const sensitivity = tp / positives;
    const specificity = negatives > 0 ? (negatives - fp) / negatives : NaN;
    const f1 = (2 * tp) / (2 * tp + fp + (positives - tp));
    const candidate = { threshold: sortedScores[k]!, criterion: criterion.kind, sensitivity, specificity, f1 };
    if (criterion.kind === 'targetSensitivity') {
      if (sensitivity >= criterion.sensitivity) return candidate;
      continue;
    }
    if (criterion.kind === 'targetSpecificity') {
      // Specificity only falls as the threshold goes down: stop at the first threshold below the target.
      if (specificity < criterion.specificity) break;
      best = candidate;
      continue;
    }
    const value = criterion.kind === 'maxF1' ? f1 : sensitivity + specificity - 1;
    if (value > bestValue) {
      bestValue = value;
      best = candidate;
    }
  }
  if (best === null)
    throw metricUndefined(
      'threshold',
      criterion.kind === 'targetSpecificity' ? `no threshold reaches specificity ≥ ${criterion.specificity}` : 'no candidate threshold',
    );
  return best;
}

export function selectThresholds(predictions: LabelColumns, labels: LabelColumns, criterion: ThresholdCriterion): ThresholdChoice[] {
  return predictions.map((scores, l) => selectThreshold(scores, labels[l]!, criterion));
}
