/** OOD scores from stored multi-label logits (energy, max-logit, max-probability, ODIN); higher = more OOD. */
import { sigmoid, softplus } from '../math/sigmoid';
import type { LabelColumns } from '../types';

/**
 * Energy for multi-label outputs (the "joint energy" of Wang et al. 2021): each label is a 2-way
 * softmax over logits {0, z}, whose free energy is −log(1 + e^z); summed over labels,
 * E(x) = −Σ_l log(1 + e^{z_l}). Confident in-distribution cases have large positive logits and so
 * very negative energy; we return E itself, so higher = more OOD.
 */
export function energyScore(logits: LabelColumns): Float64Array {
  return reduceCases(logits, 0, (acc, z) => acc - softplus(z));
}

/** −max_l z_l: a case whose largest logit is small looks unfamiliar. */
export function maxLogitScore(logits: LabelColumns): Float64Array {
  return reduceCases(logits, -Infinity, (acc, z) => Math.max(acc, z)).map((v) => -v);
}

/** −max_l σ(z_l), the multi-label analogue of the maximum-softmax-probability baseline. */
export function maxProbabilityScore(logits: LabelColumns): Float64Array {
  return reduceCases(logits, -Infinity, (acc, z) => Math.max(acc, sigmoid(z))).map((v) => -v);
}

/**
 * ODIN score: −max_l σ(z̃_l / T). The worker (tfjs, elsewhere) must feed the *raw* logits z̃ = f(x̃) of
 * the perturbed input x̃ = x − ε · sign(−∇ₓ log max_l σ(f_l(x) / T)) — i.e. one gradient step that
 * raises the top scaled probability — computed with the same T given here (typically T = 1000,
 * ε chosen on validation). This function only applies the temperature and reduces over labels.
 */
export function odinScore(logitsAtPerturbedInput: LabelColumns, temperature: number): Float64Array {
  return reduceCases(logitsAtPerturbedInput, -Infinity, (acc, z) => Math.max(acc, sigmoid(z / temperature))).map((v) => -v);
}

function reduceCases(logits: LabelColumns, initial: number, step: (acc: number, z: number) => number): Float64Array {
  const n = logits[0]?.length ?? 0;
  const out = new Float64Array(n).fill(initial);
  for (const column of logits) for (let i = 0; i < n; i++) out[i] = step(out[i]!, column[i]!);
  return out;
}
