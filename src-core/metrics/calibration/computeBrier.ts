/** Brier score and binary negative log-likelihood of one label (unknown labels excluded), optionally weighted. */
import { logit, softplus } from '../math/sigmoid';
import { metricUndefined } from '../metricUndefined';

/** Weighted mean of term(i, y) over the cases whose label is known; NaN when none carries weight. */
function meanOverKnown(labels: Float64Array, weights: Float64Array | undefined, term: (i: number, y: number) => number): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (Number.isNaN(y)) continue;
    const w = weights === undefined ? 1 : weights[i]!;
    sum += w * term(i, y);
    total += w;
  }
  return total > 0 ? sum / total : NaN;
}

/** Mean of (p − y)²; NaN when no known cases carry weight. */
export function brierWeighted(probabilities: Float64Array, labels: Float64Array, weights?: Float64Array): number {
  return meanOverKnown(labels, weights, (i, y) => (probabilities[i]! - y) ** 2);
}

export function computeBrier(probabilities: Float64Array, labels: Float64Array): number {
  const value = brierWeighted(probabilities, labels);
  if (Number.isNaN(value)) throw metricUndefined('Brier score', 'no cases with a known label');
  return value;
}

/**
 * Mean binary cross-entropy from logits: softplus(z) − y·z, exact for any logit. From probabilities,
 * clip to [2⁻⁵², 1 − 2⁻⁵²] first (scikit-learn 1.2's log_loss, eps="auto") so a confident 0 or 1 stays finite.
 */
export function nllWeighted(scores: Float64Array, labels: Float64Array, scoresAreLogits: boolean, weights?: Float64Array): number {
  return meanOverKnown(labels, weights, (i, y) => {
    const z = scoresAreLogits ? scores[i]! : logit(scores[i]!);
    return softplus(z) - y * z;
  });
}

export function computeNll(scores: Float64Array, labels: Float64Array, scoresAreLogits: boolean): number {
  const value = nllWeighted(scores, labels, scoresAreLogits);
  if (Number.isNaN(value)) throw metricUndefined('NLL', 'no cases with a known label');
  return value;
}
