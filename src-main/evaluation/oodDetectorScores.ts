/** Per-case OOD scores (higher = more OOD) of every detector available for a model: logit-based always, Mahalanobis when fitted. */
import type { MahalanobisModel } from '../../src-core/metrics/ood/fitMahalanobis';
import { mahalanobisScore } from '../../src-core/metrics/ood/fitMahalanobis';
import { energyScore, maxLogitScore, maxProbabilityScore } from '../../src-core/metrics/ood/logitOodScores';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';

export type OodDetector = 'energy' | 'maxLogit' | 'maxProbability' | 'mahalanobis' | 'odin';

export function oodDetectorScores(outputs: ModelOutputs, mahalanobis: MahalanobisModel | null): Partial<Record<OodDetector, Float64Array>> {
  const scores: Partial<Record<OodDetector, Float64Array>> = {
    energy: energyScore(outputs.logitColumns),
    maxLogit: maxLogitScore(outputs.logitColumns),
    maxProbability: maxProbabilityScore(outputs.logitColumns),
  };
  if (mahalanobis) scores.mahalanobis = mahalanobisScore(mahalanobis, outputs.features);
  return scores;
}
