/**
 * OOD AUROC and FPR at 95% TPR with percentile bootstrap CIs, resampling the in-distribution and the
 * OOD cases independently (each set keeps its size: the two sets are separate samples, so pooling
 * them into one resample would let the class balance drift from resample to resample).
 */
import { summarize, type BootstrapResult } from '../../src-core/metrics/bootstrap/bootstrapCi';
import { aurocFromRanking } from '../../src-core/metrics/discrimination/aurocFromRanking';
import { prepareRanking } from '../../src-core/metrics/discrimination/prepareRanking';
import { evaluateOod } from '../../src-core/metrics/ood/evaluateOod';
import { createRng } from '../../src-core/random/createRng';

export interface OodBootstrapResult {
  idCases: number;
  oodCases: number;
  auroc: BootstrapResult;
  fprAt95Tpr: BootstrapResult;
  thresholdAt95Tpr: number;
}

export function bootstrapOodEvaluation(
  idScores: Float64Array,
  oodScores: Float64Array,
  options: { resamples: number; seed: number },
): OodBootstrapResult {
  const point = evaluateOod(idScores, oodScores);
  const nId = idScores.length;
  const nOod = oodScores.length;
  const scores = new Float64Array(nId + nOod);
  scores.set(idScores, 0);
  scores.set(oodScores, nId);
  const labels = new Float64Array(nId + nOod).fill(1, nId);
  const ranking = prepareRanking(scores, labels);
  const oodDescending = Int32Array.from({ length: nOod }, (_, k) => nId + k).sort((a, b) => scores[b]! - scores[a]!);
  const rng = createRng(options.seed);
  const weights = new Float64Array(nId + nOod);
  const aurocDraws = new Float64Array(options.resamples);
  const fprDraws = new Float64Array(options.resamples);
  for (let r = 0; r < options.resamples; r++) {
    weights.fill(0);
    for (let k = 0; k < nId; k++) weights[rng.nextInt(nId)]! += 1;
    for (let k = 0; k < nOod; k++) weights[nId + rng.nextInt(nOod)]! += 1;
    aurocDraws[r] = aurocFromRanking(ranking, weights);
    fprDraws[r] = weightedFprAtTpr(scores, weights, nId, nOod, oodDescending, 0.95);
  }
  return {
    idCases: nId,
    oodCases: nOod,
    auroc: summarize(point.auroc, aurocDraws),
    fprAt95Tpr: summarize(point.fprAt95Tpr, fprDraws),
    thresholdAt95Tpr: point.thresholdAt95Tpr,
  };
}

/** Same rule as evaluateOod on a weighted sample: the threshold is the score at which the cumulative OOD weight first reaches ⌈tpr·m⌉. */
function weightedFprAtTpr(
  scores: Float64Array,
  weights: Float64Array,
  nId: number,
  nOod: number,
  oodDescending: Int32Array,
  tpr: number,
): number {
  const needed = Math.max(1, Math.ceil(tpr * nOod - 1e-12));
  let cumulative = 0;
  let threshold = Number.NaN;
  for (const i of oodDescending) {
    cumulative += weights[i]!;
    if (cumulative >= needed) {
      threshold = scores[i]!;
      break;
    }
  }
  let flagged = 0;
  for (let i = 0; i < nId; i++) if (scores[i]! >= threshold) flagged += weights[i]!;
  return flagged / nId;
}
