/**
 * Label shift (Saerens, Latinne & Decaestecker 2002): a binary classifier's calibrated probabilities p
 * under training prevalence π_s, moved to a deployment prevalence π_t, become
 * p' = (π_t/π_s)·p / ((π_t/π_s)·p + ((1−π_t)/(1−π_s))·(1−p)), i.e. logit p' = logit p + logit π_t − logit π_s.
 * When π_t is unknown, EM on unlabelled deployment cases estimates it: π ← mean p'(π) until it settles.
 */
import { HilumError } from '../../errors';

const logit = (p: number): number => Math.log(p / (1 - p));

export function shiftProbability(p: number, source: number, target: number): number {
  const z = logit(Math.min(1 - 1e-15, Math.max(1e-15, p))) + logit(target) - logit(source);
  return 1 / (1 + Math.exp(-z));
}

export interface PriorEstimate {
  prior: number;
  iterations: number;
  converged: boolean;
}

/** EM estimate of the deployment prevalence from calibrated probabilities p (under training prevalence `source`). */
export function estimatePriorEm(
  probabilities: Float64Array,
  source: number,
  options: { tolerance?: number; maxIterations?: number } = {},
): PriorEstimate {
  if (probabilities.length === 0)
    throw new HilumError('METRIC_UNDEFINED', 'label-shift EM needs at least one unlabelled case', { reason: 'no cases' });
  if (!(source > 0 && source < 1))
    throw new HilumError('METRIC_UNDEFINED', `label-shift EM needs a training prevalence in (0, 1), got ${source}`, {
      reason: 'degenerate source prevalence',
    });
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  let prior = source;
  for (let k = 1; k <= maxIterations; k++) {
    let sum = 0;
    for (const p of probabilities) sum += shiftProbability(p, source, prior);
    // Kept inside (0, 1): a prevalence of exactly 0 or 1 has no logit.
    const next = Math.min(1 - 1e-6, Math.max(1e-6, sum / probabilities.length));
    if (Math.abs(next - prior) < tolerance) return { prior: next, iterations: k, converged: true };
    prior = next;
  }
  return { prior, iterations: maxIterations, converged: false };
}
