/** The ViT's building blocks in tfjs: linear, LayerNorm, exact GELU, multi-head self-attention, MLP. */
import { bug } from '../../src-core/errors';
import * as tf from '@tensorflow/tfjs';
import { attentionCore } from './attentionCore';
import { fusedGelu } from './fusedGelu';
import { fusedLayerNorm } from './fusedLayerNorm';
import { plainMatMul } from './plainMatMul';

export type Params = Map<string, tf.Variable>;

export function param(p: Params, name: string): tf.Variable {
  const v = p.get(name);
  if (!v) throw bug(`ViT parameter ${name} is missing`);
  return v;
}

/** x [..., in] · W [in, out] + b, computed on a 2-D view. */
export function linear(x: tf.Tensor, p: Params, prefix: string): tf.Tensor {
  const w = param(p, `${prefix}.weight`);
  const shape = x.shape;
  const inDim = shape[shape.length - 1]!;
  const outDim = w.shape[1]!;
  const y = tf.add(plainMatMul(tf.reshape(x, [-1, inDim]) as tf.Tensor2D, w as tf.Tensor2D), param(p, `${prefix}.bias`));
  return tf.reshape(y, [...shape.slice(0, -1), outDim]);
}

let fused = true;

/**
 * Selects LayerNorm and GELU as single ops with closed-form gradients (default) or as compositions of
 * elementary ops differentiated by autograd: the reference the fused ops are checked against
 * (test/worker/model/fusedOps.test.ts) and measured against (bench/train-ab.ts). Returns the previous choice.
 */
export function useFusedNormAndGelu(on: boolean): boolean {
  const was = fused;
  fused = on;
  return was;
}

export function layerNorm(x: tf.Tensor, p: Params, prefix: string, eps: number): tf.Tensor {
  const w = param(p, `${prefix}.weight`);
  const b = param(p, `${prefix}.bias`);
  if (fused) return fusedLayerNorm(x, w, b, eps);
  const axis = x.rank - 1;
  const mean = tf.mean(x, axis, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), axis, true);
  const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, w), b);
}

/** GELU with erf, as PyTorch's default (not the tanh approximation). */
export function geluExact(x: tf.Tensor): tf.Tensor {
  if (fused) return fusedGelu(x);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** Multi-head self-attention over x [B, T, D] with timm's qkv row order (q, k, v; heads contiguous). */
export function attention(x: tf.Tensor, p: Params, prefix: string, heads: number): tf.Tensor {
  return linear(attentionCore(linear(x, p, `${prefix}.qkv`) as tf.Tensor3D, heads), p, `${prefix}.proj`);
}

export function mlp(x: tf.Tensor, p: Params, prefix: string): tf.Tensor {
  return linear(geluExact(linear(x, p, `${prefix}.fc1`)), p, `${prefix}.fc2`);
}
