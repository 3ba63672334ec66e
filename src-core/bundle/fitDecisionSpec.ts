/**
 * Calibrate and decide: from a model's validation logits, labels and features, fit everything a
 * bundle needs to turn logits into decisions — per-label temperatures (NLL), per-label thresholds
 * on calibrated probabilities, abstention bands around each threshold, and the OOD detectors'
 * parameters and thresholds. Pure; the same function serves the demo, `hilum eval` and the app.
 */
import { HilumError } from '../errors';
import { applyTemperature, fitTemperatureOnPairs, type TemperatureFit } from '../metrics/calibration/fitTemperature';
import { sigmoid } from '../metrics/math/sigmoid';
import { fitMahalanobis, mahalanobisScore } from '../metrics/ood/fitMahalanobis';
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
  /** Half-width of the abstention band around each threshold, in probability (default 0.1). */
  abstentionBand?: number;
  /** Quantile of in-distribution validation scores above which a case is flagged OOD (default 0.99). */
  oodQuantile?: number;
  acceptedModalities?: string[];
}

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
  unfitted: Array<{ label: string; what: 'temperature' | 'threshold'; reason: string }>;
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

export function fitDecisionSpec(input: DecisionFitInput): DecisionFit {
  const criterion = input.criterion ?? { kind: 'maxF1' };
  const band = input.abstentionBand ?? 0.1;
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
    const calibrated = applyTemperature(input.logits[l]!, temperatures[name]).map(sigmoid);
    thresholds[name] = 0.5;
    try {
      const choice = selectThreshold(calibrated, input.labels[l]!, criterion);
      thresholdChoices[name] = choice;
      thresholds[name] = Math.min(1, Math.max(0, choice.threshold));
    } catch (error) {
      if (!(error instanceof HilumError)) throw error;
      unfitted.push({ label: name, what: 'threshold', reason: error.message });
    }
    bands[name] = { lower: Math.max(0, thresholds[name] - band), upper: Math.min(1, thresholds[name] + band) };
  });
  const q = input.oodQuantile ?? 0.99;
  const energyThreshold = quantile(energyScore(input.logits), q);
  const mahalanobis = fitMahalanobis(input.trainFeatures, input.featureDimension, input.trainLabels, input.labelNames);
  const mahalanobisThreshold = quantile(mahalanobisScore(mahalanobis, input.valFeatures), q);
  return {
    calibration: { method: 'temperature', temperatures },
    thresholds: { thresholds, selectedBy: `${criterion.kind} on calibrated validation probabilities` },
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
  };
}
