/** Temperature scaling for sigmoid outputs: the T minimising validation NLL of σ(z / T), per label or shared. */
import { HilumError } from '../../errors';
import { sigmoid, softplus } from '../math/sigmoid';
import { metricUndefined } from '../metricUndefined';
import type { LabelColumns } from '../types';

export interface TemperatureFit {
  temperature: number;
  /** Mean NLL at T = 1 and at the fitted T, on the fitting cases. */
  nllBefore: number;
  nllAfter: number;
  iterations: number;
  cases: number;
}

/**
 * Optimisation: with β = 1/T, NLL(β) = Σ softplus(β z) − y β z is convex in β (its second derivative
 * Σ σ(1 − σ) z² ≥ 0), so the minimiser is unique; since log T = −log β is monotone, it is also the
 * unique minimiser over log T. We bracket the root of NLL'(β) in (0, β_hi] by doubling, then take
 * Newton steps, falling back to bisection whenever a step leaves the bracket; stop when the step is
 * below 1e-13 relative. Undefined when NLL'(0) ≥ 0 (logits not positively associated with the
 * labels: the optimum would need T ≤ 0) or no finite bracket exists (perfectly separated: T → 0).
 */
export function fitTemperatureOnPairs(logits: Float64Array, labels: Float64Array): TemperatureFit {
  let cases = 0;
  for (let i = 0; i < labels.length; i++) if (!Number.isNaN(labels[i]!)) cases++;
  if (cases === 0) throw metricUndefined('temperature', 'no cases with a known label');
  const derivatives = (beta: number): { g: number; h: number } => {
    let g = 0;
    let h = 0;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i]!;
      if (Number.isNaN(y)) continue;
      const z = logits[i]!;
      const p = sigmoid(beta * z);
      g += (p - y) * z;
      h += p * (1 - p) * z * z;
    }
    return { g, h };
  };
  // Without a bias term, β → ∞ keeps lowering the NLL exactly when every logit has its label's sign.
  let separated = true;
  for (let i = 0; i < labels.length && separated; i++) {
    const y = labels[i]!;
    if (!Number.isNaN(y) && (y === 1 ? logits[i]! < 0 : logits[i]! > 0)) separated = false;
  }
  if (separated) throw metricUndefined('temperature', 'the labels are perfectly separated by the logits (optimal T → 0)');
  if (derivatives(0).g >= 0)
    throw metricUndefined('temperature', 'logits are not positively associated with the labels (optimal T would be ≤ 0 or infinite)');
  let lo = 0;
  let hi = 1;
  while (derivatives(hi).g < 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e8) throw metricUndefined('temperature', 'the labels are perfectly separated by the logits (optimal T → 0)');
  }
  let beta = Math.min(Math.max(1, lo), hi);
  let iterations = 0;
  for (; iterations < 200; iterations++) {
    const { g, h } = derivatives(beta);
    if (g === 0) break;
    if (g < 0) lo = beta;
    else hi = beta;
    let next = h > 0 ? beta - g / h : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const step = Math.abs(next - beta);
    beta = next;
    if (step <= 1e-13 * beta || hi - lo <= 1e-15 * hi) break;
  }
  return { temperature: 1 / beta, nllBefore: meanNll(logits, labels, 1), nllAfter: meanNll(logits, labels, 1 / beta), iterations, cases };
}

/** One temperature per label. */
export function fitTemperaturePerLabel(logits: LabelColumns, labels: LabelColumns): TemperatureFit[] {
  return logits.map((column, l) => fitTemperatureOnPairs(column, labels[l]!));
}

/** One temperature shared by all labels, fitted on all known label-case pairs together. */
export function fitTemperatureGlobal(logits: LabelColumns, labels: LabelColumns): TemperatureFit {
  if (logits.length !== labels.length) throw new HilumError('INVALID_ARGUMENT', 'logits and labels have different label counts');
  const n = logits.reduce((s, c) => s + c.length, 0);
  const z = new Float64Array(n);
  const y = new Float64Array(n);
  let offset = 0;
  logits.forEach((column, l) => {
    z.set(column, offset);
    y.set(labels[l]!, offset);
    offset += column.length;
  });
  return fitTemperatureOnPairs(z, y);
}

export function meanNll(logits: Float64Array, labels: Float64Array, temperature: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (Number.isNaN(y)) continue;
    const z = logits[i]! / temperature;
    sum += softplus(z) - y * z;
    count++;
  }
  return count > 0 ? sum / count : NaN;
}

/** σ(z / T) for one column. */
export function applyTemperature(logits: Float64Array, temperature: number): Float64Array {
  return logits.map((z) => sigmoid(z / temperature));
}
