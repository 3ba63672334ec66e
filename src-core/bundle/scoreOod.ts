/** Out-of-distribution scoring of one case: energy from logits, Mahalanobis on features, DICOM modality, with reason codes. */
import { energyScore } from '../metrics/ood/logitOodScores';
import { mahalanobisScore } from '../metrics/ood/fitMahalanobis';
import type { MahalanobisModel } from '../metrics/ood/fitMahalanobis';
import type { MahalanobisParams, OodFile } from './bundleFiles';

export type OodReason = 'OOD_ENERGY_HIGH' | 'OOD_MAHALANOBIS_HIGH' | 'NON_CHEST_MODALITY';

export interface OodOutcome {
  /** The primary detector's score (higher = more out-of-distribution). */
  score: number;
  detector: 'energy' | 'mahalanobis';
  flagged: boolean;
  reasons: OodReason[];
  scores: { energy: number; mahalanobis: number | null };
  /** DICOM modality when the input was DICOM, else null. */
  modality: string | null;
}

export function toMahalanobisModel(p: MahalanobisParams): MahalanobisModel {
  return {
    dimension: p.dimension,
    classes: p.classes,
    whitening: Float64Array.from(p.whitening),
    whitenedMeans: p.whitenedMeans.map((m) => Float64Array.from(m)),
    shrinkage: p.shrinkage,
  };
}

export interface ScoreOodInput {
  /** Raw (uncalibrated) logits of the case: thresholds are fitted on raw-logit energies. */
  logits: ArrayLike<number>;
  /** Penultimate features, or null when unavailable (e.g. an ensemble of different backbones). */
  features: ArrayLike<number> | null;
  modality: string | null;
}

export function scoreOod(
  spec: OodFile,
  input: ScoreOodInput,
  mahalanobis: MahalanobisModel | null = spec.mahalanobis ? toMahalanobisModel(spec.mahalanobis.params) : null,
): OodOutcome {
  const energy = energyScore(Array.from(input.logits, (z) => Float64Array.of(z)))[0]!;
  const reasons: OodReason[] = [];
  if (spec.energy && energy > spec.energy.threshold) reasons.push('OOD_ENERGY_HIGH');
  let maha: number | null = null;
  if (spec.mahalanobis && mahalanobis && input.features) {
    maha = mahalanobisScore(mahalanobis, Float64Array.from(input.features))[0]!;
    if (maha > spec.mahalanobis.threshold) reasons.push('OOD_MAHALANOBIS_HIGH');
  }
  const modality = input.modality;
  if (modality !== null && !spec.acceptedModalities.includes(modality.toUpperCase())) reasons.push('NON_CHEST_MODALITY');
  const detector = spec.primary === 'mahalanobis' && maha !== null ? 'mahalanobis' : 'energy';
  return {
    score: detector === 'mahalanobis' ? maha! : energy,
    detector,
    flagged: reasons.length > 0,
    reasons,
    scores: { energy, mahalanobis: maha },
    modality,
  };
}
