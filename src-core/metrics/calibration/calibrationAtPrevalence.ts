/**
 * Calibration of one label as it would be at another prevalence (a deployment's): the known test cases are
 * reweighted by class, positives by target/observed and negatives by (1 − target)/(1 − observed), the importance
 * weights of a pure label shift (Saerens et al. 2002: p(x | y) unchanged). ECE, Brier and NLL are then weighted.
 */
import { prepareRanking } from '../discrimination/prepareRanking';
import { sigmoid } from '../math/sigmoid';
import { metricUndefined } from '../metricUndefined';
import { brierWeighted, nllWeighted } from './computeBrier';
import { calibrationErrors, reliabilityFromRanking } from './reliabilityFromRanking';

export interface PrevalenceCalibration {
  /** Positives among the known test cases. */
  observedPrevalence: number;
  targetPrevalence: number;
  /** Equal-width bins, 15 by default, each case counted with its weight. */
  ece: number;
  brier: number;
  nll: number;
}

/** The class weights that move a labelled set's prevalence to `target` (NaN labels get weight 0). */
export function prevalenceWeights(labels: Float64Array, target: number): { weights: Float64Array; observed: number } {
  let known = 0;
  let positives = 0;
  for (const y of labels) {
    if (Number.isNaN(y)) continue;
    known++;
    positives += y;
  }
  const observed = known > 0 ? positives / known : NaN;
  if (!(observed > 0 && observed < 1))
    throw metricUndefined('calibration at a deployment prevalence', 'the test cases need both positives and negatives to be reweighted');
  if (!(target > 0 && target < 1))
    throw metricUndefined('calibration at a deployment prevalence', `target prevalence ${target} is not in (0, 1)`);
  const wPos = target / observed;
  const wNeg = (1 - target) / (1 - observed);
  return { weights: labels.map((y) => (Number.isNaN(y) ? 0 : y * wPos + (1 - y) * wNeg)), observed };
}

export function calibrationAtPrevalence(logits: Float64Array, labels: Float64Array, target: number, bins = 15): PrevalenceCalibration {
  const { weights, observed } = prevalenceWeights(labels, target);
  const probabilities = logits.map(sigmoid);
  const reliability = reliabilityFromRanking(prepareRanking(probabilities, labels), bins, 'equalWidth', weights);
  return {
    observedPrevalence: observed,
    targetPrevalence: target,
    ece: calibrationErrors(reliability).ece,
    brier: brierWeighted(probabilities, labels, weights),
    nll: nllWeighted(logits, labels, true, weights),
  };
}
