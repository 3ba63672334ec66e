/** Turns one case's logits into calibrated probabilities, per-label decisions (positive / negative / abstain) and uncertainties. */
import { HilumError } from '../errors';
import type { AbstentionFile, CalibrationFile, LabelsFile, ThresholdsFile } from './bundleFiles';
import { binaryEntropy, calibrateProbability, priorShiftOffset } from './calibrateProbability';
import type { OodOutcome } from './scoreOod';

export type Decision = 'positive' | 'negative' | 'abstain';
export type AbstainReason = 'OUT_OF_DISTRIBUTION' | 'UNCERTAIN_BAND' | 'MEMBER_DISAGREEMENT';

export interface LabelOutcome {
  logit: number;
  probability: number;
  threshold: number;
  decision: Decision;
  abstainReasons: AbstainReason[];
  /** Binary entropy (bits) of the calibrated probability; spread = SD of calibrated member probabilities (TTA / ensemble), null for one member. */
  uncertainty: { entropy: number; spread: number | null };
}

export interface CaseOutcome {
  labels: Record<string, LabelOutcome>;
  ood: OodOutcome;
  /** True when any label abstained. */
  abstained: boolean;
}

export interface DecisionSpec {
  labels: LabelsFile;
  calibration: CalibrationFile;
  thresholds: ThresholdsFile;
  abstention: AbstentionFile;
}

/**
 * `logits` is the case's (member-mean) logit per label; `memberLogits` (optional) the individual TTA or
 * ensemble members' logits, used only for the spread. The OOD outcome comes from scoreOod.
 */
export function decideCase(
  spec: DecisionSpec,
  logits: ArrayLike<number>,
  ood: OodOutcome,
  memberLogits: ArrayLike<number>[] = [],
): CaseOutcome {
  const names = spec.labels.labels;
  if (logits.length !== names.length) throw new HilumError('INVALID_ARGUMENT', `${logits.length} logits for ${names.length} labels`, {});
  const labels: Record<string, LabelOutcome> = {};
  let abstained = false;
  names.forEach((name, l) => {
    const T = spec.calibration.temperatures[name]!;
    const z = logits[l]!;
    const offset = priorShiftOffset(spec.calibration, name);
    const probability = calibrateProbability(z, T, offset);
    const threshold = spec.thresholds.thresholds[name]!;
    const spread = memberLogits.length > 1 ? standardDeviation(memberLogits.map((m) => calibrateProbability(m[l]!, T, offset))) : null;
    const reasons: AbstainReason[] = [];
    if (spec.abstention.abstainWhenOod && ood.flagged) reasons.push('OUT_OF_DISTRIBUTION');
    const band = spec.abstention.bands[name]!;
    if (probability >= band.lower && probability < band.upper) reasons.push('UNCERTAIN_BAND');
    const maxSpread = spec.abstention.maxSpread;
    if (spread !== null && maxSpread != null && spread > maxSpread) reasons.push('MEMBER_DISAGREEMENT');
    const decision: Decision = reasons.length > 0 ? 'abstain' : probability >= threshold ? 'positive' : 'negative';
    if (decision === 'abstain') abstained = true;
    labels[name] = {
      logit: z,
      probability,
      threshold,
      decision,
      abstainReasons: reasons,
      uncertainty: { entropy: binaryEntropy(probability), spread },
    };
  });
  return { labels, ood, abstained };
}

function standardDeviation(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
}
