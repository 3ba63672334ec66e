/** Temperature-scaled probability for one label: p = σ(z / T). */
import { HilumError } from '../errors';
import { sigmoid } from '../metrics/math/sigmoid';

export function calibrateProbability(logit: number, temperature: number): number {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new HilumError('CONFIG_INVALID', `temperature must be a positive number (got ${temperature})`, { temperature });
  return sigmoid(logit / temperature);
}

/** Binary entropy in bits: 0 for a certain answer, 1 at p = 0.5. */
export function binaryEntropy(p: number): number {
  const term = (q: number): number => (q > 0 ? -q * Math.log2(q) : 0);
  return term(p) + term(1 - p);
}
