/**
 * LayerNorm over the last axis as ONE tfjs op with a hand-written gradient. Autograd through the elementary
 * ops (mean, sub, square, rsqrt, …) ran ~25 small kernels per LayerNorm backward and kept each step's
 * intermediates on the tape; here the backward is the closed form (x̂ = (x − μ)·r, r = 1/√(σ² + ε), g = dy·w):
 *   dx = r · (g − mean(g) − x̂ · mean(g · x̂)),   dw = Σ dy · x̂,   db = Σ dy
 * with only x̂, r and w saved (bench/results/train-profile.md).
 */
import * as tf from '@tensorflow/tfjs';

const ops = new Map<number, (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor>();

function build(eps: number): (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor {
  return tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const axis = x.rank - 1;
    const centred = tf.sub(x, tf.mean(x, axis, true));
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), axis, true), eps));
    const xhat = tf.mul(centred, rstd);
    save([xhat, rstd, w]);
    return {
      value: tf.add(tf.mul(xhat, w), b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sr, sw] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const g = tf.mul(dy, sw);
        const dx = tf.mul(sr, tf.sub(tf.sub(g, tf.mean(g, axis, true)), tf.mul(sx, tf.mean(tf.mul(g, sx), axis, true))));
        const D = sw.size;
        const dw = tf.sum(tf.reshape(tf.mul(dy, sx), [-1, D]), 0);
        const db = tf.sum(tf.reshape(dy, [-1, D]), 0);
        return [dx, tf.reshape(dw, sw.shape), tf.reshape(db, sw.shape)];
      },
    };
    // tfjs types customGrad's function as variadic; this one takes exactly (x, w, b, save).
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;
}

/** (x − mean) / √(var + eps) · w + b over x's last axis; w and b have that axis's length. */
export function fusedLayerNorm(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  let op = ops.get(eps);
  if (!op) {
    op = build(eps);
    ops.set(eps, op);
  }
  return op(x, w, b);
}
