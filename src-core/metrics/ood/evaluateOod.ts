/** OOD detection quality: AUROC (OOD = positive class, higher score = more OOD) and FPR at 95% TPR. */
import { computeAuroc } from '../discrimination/computeAuroc';
import { metricUndefined } from '../metricUndefined';

export interface OodEvaluation {
  auroc: number;
  /** Fraction of in-distribution cases flagged when the threshold flags ≥ 95% of OOD cases. */
  fprAt95Tpr: number;
  /** Flag as OOD when score ≥ threshold. */
  thresholdAt95Tpr: number;
}

export function evaluateOod(inDistributionScores: Float64Array, oodScores: Float64Array, tpr = 0.95): OodEvaluation {
  if (inDistributionScores.length === 0) throw metricUndefined('OOD evaluation', 'no in-distribution cases');
  if (oodScores.length === 0) throw metricUndefined('OOD evaluation', 'no OOD cases');
  const scores = new Float64Array(inDistributionScores.length + oodScores.length);
  scores.set(inDistributionScores, 0);
  scores.set(oodScores, inDistributionScores.length);
  const labels = new Float64Array(scores.length);
  labels.fill(1, inDistributionScores.length);
  const auroc = computeAuroc(scores, labels);
  // Highest threshold with TPR ≥ target: the ⌈tpr·m⌉-th largest OOD score (all ties at it are flagged too).
  const sortedOod = Float64Array.from(oodScores).sort().reverse();
  const needed = Math.ceil(tpr * sortedOod.length - 1e-12);
  const threshold = sortedOod[Math.max(needed, 1) - 1]!;
  let flagged = 0;
  for (const s of inDistributionScores) if (s >= threshold) flagged++;
  return { auroc, fprAt95Tpr: flagged / inDistributionScores.length, thresholdAt95Tpr: threshold };
}
