/** Calibration of one label's probabilities: ECE, MCE, reliability bins; throws METRIC_UNDEFINED on no known cases. */
import { prepareRanking } from '../discrimination/prepareRanking';
import { metricUndefined } from '../metricUndefined';
import { calibrationErrors, reliabilityFromRanking, type BinStrategy, type ReliabilityBin } from './reliabilityFromRanking';

export interface CalibrationOptions {
  /** Number of bins (default 15). */
  bins?: number;
  /** Default 'equalWidth'. */
  strategy?: BinStrategy;
}

export interface CalibrationResult {
  strategy: BinStrategy;
  ece: number;
  mce: number;
  bins: ReliabilityBin[];
}

/**
 * For multi-label outputs each label is a binary problem: the "confidence" binned is the predicted
 * probability of the positive class and the frequency is the observed positive rate, so ECE measures
 * the calibration of p itself (not of max(p, 1 − p)).
 */
export function computeCalibration(probabilities: Float64Array, labels: Float64Array, options: CalibrationOptions = {}): CalibrationResult {
  const binCount = options.bins ?? 15;
  const strategy = options.strategy ?? 'equalWidth';
  const ranking = prepareRanking(probabilities, labels);
  if (ranking.order.length === 0) throw metricUndefined('ECE', 'no cases with a known label');
  const bins = reliabilityFromRanking(ranking, binCount, strategy);
  return { strategy, ...calibrationErrors(bins), bins };
}
