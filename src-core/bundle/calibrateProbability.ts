/** Calibrated probability for one label: p = σ(z / T + b), b the label-shift offset (0 without a prior shift). */
import { HilumError } from '../errors';
import { sigmoid } from '../metrics/math/sigmoid';
import type { CalibrationFile } from './bundleFiles';

export function calibrateProbability(logit: number, temperature: number, offset = 0): number {
  if (!(temperature > 0) || !Number.isFinite(temperature))
    throw new HilumError('CONFIG_INVALID', `temperature must be a positive number (got ${temperature})`, { temperature });
  return sigmoid(logit / temperature + offset);
}

/** logit(target) − logit(source) for a label with a prior shift, else 0. */
export function priorShiftOffset(calibration: CalibrationFile, label: string): number {
  const shift = calibration.priorShift;
  const target = shift?.target[label];
  const source = shift?.source[label];
  if (target === undefined || source === undefined) return 0;
  const logit = (p: number) => Math.log(p / (1 - p));
  return logit(target) - logit(source);
}

/** Binary entropy in bits: 0 for a certain answer, 1 at p = 0.5. */
export function binaryEntropy(p: number): number {
  const term = (q: number): number => (q > 0 ? -q * Math.log2(q) : 0);
  return term(p) + term(1 - p);
}
