/**
 * Multi-label losses on logits [B, C] with targets [B, C] (soft targets allowed, for mixup/CutMix) and a mask
 * [B, C] (0 = U-Ignore / unknown label: the term is excluded from the mean, which divides by the mask's sum).
 * BCE, focal (Lin et al.), asymmetric (Ridnik et al.: γ+, γ−, probability margin clip on negatives), optional
 * logit adjustment (Menon et al.: logits + τ·log(π/(1−π)) during training) and class-balanced weights
 * (Cui et al.: (1−β)/(1−β^n_c), normalised to mean 1).
 */
import { bug } from '../../src-core/errors';
import * as tf from '@tensorflow/tfjs';
import type { LossConfig } from '../../src-core/model/trainConfig';

export interface LossContext {
  /** per-class positive prevalence π_c in the training data (logit adjustment) */
  prior?: Float32Array;
  /** per-class positive counts n_c (class-balanced weights) */
  positives?: Float32Array;
}

/** log σ(x) computed stably: −softplus(−x). */
const logSigmoid = (x: tf.Tensor): tf.Tensor => tf.neg(tf.softplus(tf.neg(x)));

export function classBalancedWeights(positives: Float32Array, beta: number): Float32Array {
  const w = new Float32Array(positives.length);
  for (let c = 0; c < w.length; c++) w[c] = (1 - beta) / (1 - beta ** Math.max(positives[c]!, 1));
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  return w.map((v) => v / mean);
}

/** Logit adjustment τ·log(π/(1−π)) per class (π clamped to [1e-6, 1 − 1e-6]); zeros when τ = 0. */
export function logitAdjustment(tau: number, prior: Float32Array): Float32Array {
  if (tau <= 0) return new Float32Array(prior.length);
  return Float32Array.from(prior, (pi) => {
    const p = Math.min(Math.max(pi, 1e-6), 1 - 1e-6);
    return tau * Math.log(p / (1 - p));
  });
}

/** Per-element loss [B, C] before masking and weighting. */
function elementLoss(z: tf.Tensor, y: tf.Tensor, cfg: LossConfig): tf.Tensor {
  const logP = logSigmoid(z);
  const logQ = logSigmoid(tf.neg(z)); // log(1 − p)
  if (cfg.name === 'bce') return tf.neg(tf.add(tf.mul(y, logP), tf.mul(tf.sub(1, y), logQ)));
  const p = tf.sigmoid(z);
  if (cfg.name === 'focal') {
    const pos = tf.mul(tf.mul(y, tf.pow(tf.sub(1, p), cfg.gamma)), logP);
    const neg = tf.mul(tf.mul(tf.sub(1, y), tf.pow(p, cfg.gamma)), logQ);
    return tf.neg(tf.add(pos, neg));
  }
  // asymmetric: negatives use the shifted probability p_m = max(p − clip, 0), so easy negatives vanish.
  const pm = cfg.clip > 0 ? tf.relu(tf.sub(p, cfg.clip)) : p;
  const logOneMinusPm = cfg.clip > 0 ? tf.log(tf.maximum(tf.sub(1, pm), 1e-8)) : logQ;
  const pos = tf.mul(y, cfg.gammaPos > 0 ? tf.mul(tf.pow(tf.sub(1, p), cfg.gammaPos), logP) : logP);
  const neg = tf.mul(tf.sub(1, y), tf.mul(tf.pow(pm, cfg.gammaNeg), logOneMinusPm));
  return tf.neg(tf.add(pos, neg));
}

/** Scalar masked-mean loss. */
export function multiLabelLoss(
  logits: tf.Tensor2D,
  targets: tf.Tensor2D,
  mask: tf.Tensor2D,
  cfg: LossConfig,
  ctx: LossContext = {},
): tf.Scalar {
  let z: tf.Tensor = logits;
  if (cfg.logitAdjustTau > 0) {
    if (!ctx.prior) throw bug('logit adjustment needs the class prior');
    z = tf.add(z, tf.tensor1d(logitAdjustment(cfg.logitAdjustTau, ctx.prior)));
  }
  let weights: tf.Tensor = mask;
  if (cfg.classBalancedBeta > 0) {
    if (!ctx.positives) throw bug('class-balanced weights need positive counts');
    weights = tf.mul(mask, tf.tensor1d(classBalancedWeights(ctx.positives, cfg.classBalancedBeta)));
  }
  const total = tf.sum(tf.mul(elementLoss(z, targets, cfg), weights));
  return tf.div(total, tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}
