/** ROC and precision–recall curve vertices of one label's scores (unknown labels, NaN, are skipped; tied scores form one step). */
import { HilumError } from '../errors';

export interface RocPoint {
  fpr: number;
  tpr: number;
  /** Cases with score ≥ threshold are called positive. */
  threshold: number;
}

export interface PrPoint {
  recall: number;
  precision: number;
  threshold: number;
}

export interface LabelCurves {
  roc: RocPoint[];
  pr: PrPoint[];
  positives: number;
  negatives: number;
}

/**
 * One vertex per distinct score (descending), as scikit-learn's roc_curve / precision_recall_curve
 * with drop_intermediate=False: the ROC starts at (0, 0) with threshold +∞; the PR curve starts at
 * (recall 0, precision 1) and then follows descending thresholds (scikit-learn's order reversed).
 */
export function curvePoints(scores: ArrayLike<number>, labels: ArrayLike<number>): LabelCurves {
  if (scores.length !== labels.length)
    throw new HilumError('INVALID_ARGUMENT', `scores (${scores.length}) and labels (${labels.length}) differ in length`);
  const cases: Array<[number, number]> = [];
  for (let i = 0; i < scores.length; i++) {
    const y = labels[i]!;
    if (Number.isNaN(y)) continue;
    if (!Number.isFinite(scores[i]!)) throw new HilumError('INVALID_ARGUMENT', `score ${i} is not finite (${scores[i]})`);
    cases.push([scores[i]!, y === 1 ? 1 : 0]);
  }
  cases.sort((a, b) => b[0] - a[0]);
  const positives = cases.reduce((s, c) => s + c[1], 0);
  const negatives = cases.length - positives;
  const roc: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY }];
  const prDescending: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < cases.length; k++) {
    tp += cases[k]![1];
    fp += 1 - cases[k]![1];
    const last = k === cases.length - 1 || cases[k + 1]![0] !== cases[k]![0];
    if (!last) continue;
    const threshold = cases[k]![0];
    roc.push({ fpr: negatives > 0 ? fp / negatives : Number.NaN, tpr: positives > 0 ? tp / positives : Number.NaN, threshold });
    prDescending.push({ recall: positives > 0 ? tp / positives : Number.NaN, precision: tp / (tp + fp), threshold });
  }
  // scikit-learn's precision_recall_curve ends at (recall 0, precision 1); listed here first.
  const pr = [{ recall: 0, precision: 1, threshold: Number.POSITIVE_INFINITY }, ...prDescending];
  return { roc, pr, positives, negatives };
}
