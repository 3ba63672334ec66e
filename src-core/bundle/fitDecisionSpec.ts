/**
 * Calibrate and decide: from a model's validation logits, labels and features, fit everything a
 * bundle needs to turn logits into decisions — per-label temperatures (NLL), per-label thresholds
 * on calibrated probabilities, abstention bands around each threshold, and the OOD detectors'
 * parameters and thresholds. Pure; the same function serves the demo, `hilum eval` and the app.
 */
import { HilumError } from '../errors';
import { applyTemperature, fitTemperatureOnPairs, type TemperatureFit } from '../metrics/calibration/fitTemperature';
import { fitMahalanobis, mahalanobisScore } from '../metrics/ood/fitMahalanobis';
import { coverageRiskCurve, selectOperatingPoint } from '../metrics/selective/coverageRiskCurve';
import { estimatePriorEm } from '../metrics/calibration/estimatePriorEm';
import { calibrateProbability, priorShiftOffset } from './calibrateProbability';
import { energyScore } from '../metrics/ood/logitOodScores';
import { selectThreshold, type ThresholdCriterion, type ThresholdChoice } from '../metrics/thresholds/selectThresholds';
import type { LabelColumns } from '../metrics/types';
import type { AbstentionFile, CalibrationFile, MahalanobisParams, OodFile, ThresholdsFile } from './bundleFiles';

export interface DecisionFitInput {
  labelNames: readonly string[];
  /** Validation logits and labels (1 / 0 / NaN), one column per label. */
  logits: LabelColumns;
  labels: LabelColumns;
  /** Training features (n × d row-major) and labels for the Mahalanobis detector. */
  trainFeatures: Float64Array;
  trainLabels: LabelColumns;
  featureDimension: number;
  /** Validation features, to set the Mahalanobis threshold on in-distribution data. */
  valFeatures: Float64Array;
  criterion?: ThresholdCriterion;
  /** How each label's abstention band around its threshold is chosen (default: a fixed half-width of 0.1). */
  abstention?: AbstentionRule;
  /** Quantile of in-distribution validation scores above which a case is flagged OOD (default 0.99). */
  oodQuantile?: number;
  acceptedModalities?: string[];
  /**
   * Optional label shift to a deployment prevalence: known per label, or estimated by EM from the model's
   * logits on unlabelled deployment images. Thresholds and bands are then chosen on the shifted probabilities.
   */
  priorShift?: { method: 'known'; target: Record<string, number> } | { method: 'em'; deploymentLogits: LabelColumns; estimatedOn: string };
}

/**
 * A fixed half-width, or the operating point of the validation coverage–risk curve (confidence = distance
 * of the calibrated probability from the threshold, loss = wrong decision): the widest coverage whose
 * risk ≤ target, or the narrowest band that keeps coverage ≥ target.
 */
export type AbstentionRule =
  { kind: 'band'; halfWidth: number } | { kind: 'targetRisk'; risk: number } | { kind: 'targetCoverage'; coverage: number };

export interface DecisionFit {
  calibration: CalibrationFile;
  thresholds: ThresholdsFile;
  abstention: AbstentionFile;
  ood: OodFile;
  temperatureFits: Record<string, TemperatureFit>;
  thresholdChoices: Record<string, ThresholdChoice>;
  /**
   * Labels whose temperature or threshold could not be fitted on this validation set (e.g. no
   * positives, or logits not associated with the labels), with the reason. Such a label keeps
   * T = 1 and threshold 0.5 and is listed here, in the bundle's provenance and the model card:
   * it has not been calibrated, and the report must say so.
   */
  unfitted: Array<{ label: string; what: 'temperature' | 'threshold' | 'abstention' | 'priorShift'; reason: string }>;
  /** Per label: the band's half-width and the validation coverage and risk it gives. */
  abstentionChoices: Record<string, { halfWidth: number; coverage: number | null; risk: number | null }>;
}

/** The next float64 above x (x finite): a bound just above an accepted case. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buffer = new Float64Array([x]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0]! += x > 0 ? 1n : -1n;
  return buffer[0]!;
}

interface BandChoice {
  lower: number;
  upper: number;
  halfWidth: number;
  coverage: number | null;
  risk: number | null;
}

/**
 * The band [lower, upper) around the threshold t in which a label abstains. For a fixed half-width w it is
 * [t − w, t + w). From the curve, the confidence is |p − t| and the loss a wrong decision; the chosen
 * operating point accepts the cases with confidence ≥ c*, and the band's ends are set from those cases
 * themselves (just above the highest accepted p below t, at the lowest accepted p at or above t), so the
 * bundle abstains on exactly the validation cases the curve left out — no rounding at the edges.
 */
function fitBand(probabilities: Float64Array, labels: Float64Array, threshold: number, rule: AbstentionRule): BandChoice {
  if (rule.kind === 'band')
    return {
      lower: Math.max(0, threshold - rule.halfWidth),
      upper: Math.min(1, threshold + rule.halfWidth),
      halfWidth: rule.halfWidth,
      coverage: null,
      risk: null,
    };
  const p: number[] = [];
  const loss: number[] = [];
  probabilities.forEach((v, i) => {
    const y = labels[i]!;
    if (Number.isNaN(y)) return;
    p.push(v);
    loss.push((v >= threshold ? 1 : 0) === y ? 0 : 1);
  });
  const confidence = Float64Array.from(p, (v) => Math.abs(v - threshold));
  const point = selectOperatingPoint(
    coverageRiskCurve(confidence, Float64Array.from(loss)),
    rule.kind === 'targetRisk' ? { risk: rule.risk } : { coverage: rule.coverage },
  );
  const c = point.threshold;
  let below = -Infinity;
  let above = Infinity;
  p.forEach((v, i) => {
    if (confidence[i]! < c) return;
    if (v < threshold) below = Math.max(below, v);
    else above = Math.min(above, v);
  });
  return {
    lower: below === -Infinity ? Math.max(0, threshold - c) : nextUp(below),
    upper: above === Infinity ? Math.min(1, threshold + c) : above,
    halfWidth: c,
    coverage: point.coverage,
    risk: point.risk,
  };
}

/** The q-quantile by linear interpolation between order statistics (numpy's default). */
export function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) throw new HilumError('METRIC_UNDEFINED', 'quantile of no values');
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

function toMahalanobisParams(model: ReturnType<typeof fitMahalanobis>): MahalanobisParams {
  return {
    dimension: model.dimension,
    classes: model.classes,
    whitening: Array.from(model.whitening),
    whitenedMeans: model.whitenedMeans.map((mean) => Array.from(mean)),
    shrinkage: model.shrinkage,
  };
}

/** Per-label training prevalence (known labels of the training split), the source of a label shift. */
function trainingPrevalence(labels: Float64Array): number {
  let positives = 0;
  let known = 0;
  for (const y of labels) if (!Number.isNaN(y)) (known++, (positives += y));
  return known > 0 ? positives / known : Number.NaN;
}

/** The calibration file's optional prior shift: the known target prevalences, or EM estimates on deployment logits. */
function fitPriorShift(
  input: DecisionFitInput,
  temperatures: Record<string, number>,
  unfitted: DecisionFit['unfitted'],
): CalibrationFile['priorShift'] {
  const shift = input.priorShift;
  if (!shift) return undefined;
  const source: Record<string, number> = {};
  const target: Record<string, number> = {};
  if (shift.method === 'known') {
    const unknown = Object.keys(shift.target).filter((l) => !input.labelNames.includes(l));
    if (unknown.length > 0)
      throw new HilumError(
        'INVALID_ARGUMENT',
        `prior shift names unknown label(s) ${unknown.join(', ')} (labels: ${input.labelNames.join(', ')})`,
        { labels: unknown },
      );
  }
  input.labelNames.forEach((name, l) => {
    const prevalence = trainingPrevalence(input.trainLabels[l]!);
    if (!(prevalence > 0 && prevalence < 1))
      return void unfitted.push({
        label: name,
        what: 'priorShift',
        reason: `training prevalence ${prevalence} has no logit: no label shift for this label`,
      });
    if (shift.method === 'known') {
      if (shift.target[name] === undefined) return;
      source[name] = prevalence;
      target[name] = shift.target[name];
      return;
    }
    const estimate = estimatePriorEm(applyTemperature(shift.deploymentLogits[l]!, temperatures[name]!), prevalence);
    if (!estimate.converged)
      return void unfitted.push({ label: name, what: 'priorShift', reason: `EM did not converge in ${estimate.iterations} iterations` });
    // EM runs to the boundary when the probabilities carry too little information (or are miscalibrated): no estimate.
    if (estimate.prior <= 1e-4 || estimate.prior >= 1 - 1e-4)
      return void unfitted.push({
        label: name,
        what: 'priorShift',
        reason: `EM ran to the boundary (prevalence ${estimate.prior.toExponential(2)}): the calibrated probabilities cannot support an estimate`,
      });
    source[name] = prevalence;
    target[name] = estimate.prior;
  });
  // No label could be shifted: no prior shift at all (the reasons are in `unfitted`).
  if (Object.keys(target).length === 0) return undefined;
  return { method: shift.method, source, target, ...(shift.method === 'em' ? { estimatedOn: shift.estimatedOn } : {}) };
}

export function fitDecisionSpec(input: DecisionFitInput): DecisionFit {
  const criterion = input.criterion ?? { kind: 'maxF1' };
  const rule = input.abstention ?? { kind: 'band', halfWidth: 0.1 };
  const abstentionChoices: DecisionFit['abstentionChoices'] = {};
  const unfitted: DecisionFit['unfitted'] = [];
  const temperatures: Record<string, number> = {};
  const thresholds: Record<string, number> = {};
  const bands: Record<string, { lower: number; upper: number }> = {};
  const temperatureFits: Record<string, TemperatureFit> = {};
  const thresholdChoices: Record<string, ThresholdChoice> = {};
  input.labelNames.forEach((name, l) => {
    temperatures[name] = 1;
    try {
      const fit = fitTemperatureOnPairs(input.logits[l]!, input.labels[l]!);
      temperatureFits[name] = fit;
      temperatures[name] = fit.temperature;
    } catch (error) {
      if (!(error instanceof HilumError)) throw error;
      unfitted.push({ label: name, what: 'temperature', reason: error.message });
    }
  });
  const priorShift = fitPriorShift(input, temperatures, unfitted);
  const calibration: CalibrationFile = { method: 'temperature', temperatures, ...(priorShift ? { priorShift } : {}) };
  input.labelNames.forEach((name, l) => {
    // The probabilities the bundle serves (σ(z / T + prior-shift offset)): thresholds and bands are chosen on them.
    const offset = priorShiftOffset(calibration, name);
    const calibrated = input.logits[l]!.map((z) => calibrateProbability(z, temperatures[name]!, offset));
    thresholds[name] = 0.5;
    try {
      const choice = selectThreshold(calibrated, input.labels[l]!, criterion);
      thresholdChoices[name] = choice;
      thresholds[name] = Math.min(1, Math.max(0, choice.threshold));
    } catch (error) {
      if (!(error instanceof HilumError)) throw error;
      unfitted.push({ label: name, what: 'threshold', reason: error.message });
    }
    bands[name] = { lower: thresholds[name], upper: thresholds[name] };
    try {
      const { lower, upper, ...choice } = fitBand(calibrated, input.labels[l]!, thresholds[name], rule);
      abstentionChoices[name] = choice;
      bands[name] = { lower, upper };
    } catch (error) {
      if (!(error instanceof HilumError)) throw error;
      unfitted.push({ label: name, what: 'abstention', reason: `${error.message}; this label never abstains on uncertainty` });
    }
  });
  const q = input.oodQuantile ?? 0.99;
  const energyThreshold = quantile(energyScore(input.logits), q);
  const mahalanobis = fitMahalanobis(input.trainFeatures, input.featureDimension, input.trainLabels, input.labelNames);
  const mahalanobisThreshold = quantile(mahalanobisScore(mahalanobis, input.valFeatures), q);
  return {
    calibration,
    thresholds: {
      thresholds,
      selectedBy: `${criterion.kind}${'sensitivity' in criterion ? ` ≥ ${criterion.sensitivity}` : 'specificity' in criterion ? ` ≥ ${criterion.specificity}` : ''} on calibrated validation probabilities`,
    },
    abstention: { abstainWhenOod: true, bands, maxSpread: null },
    ood: {
      primary: 'mahalanobis',
      energy: { threshold: energyThreshold },
      mahalanobis: { threshold: mahalanobisThreshold, params: toMahalanobisParams(mahalanobis) },
      acceptedModalities: input.acceptedModalities ?? ['CR', 'DX'],
    },
    temperatureFits,
    thresholdChoices,
    unfitted,
    abstentionChoices,
  };
}
