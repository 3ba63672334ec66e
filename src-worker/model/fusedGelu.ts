/**
 * Exact (erf) GELU as ONE tfjs op with a hand-written gradient: y = x·Φ(x), dy/dx = Φ(x) + x·φ(x), with
 * Φ(x) = ½(1 + erf(x/√2)) and φ(x) = e^(−x²/2)/√(2π). Autograd through the composite (mul, erf, add, mul)
 * ran about twice the kernels on the MLP's widest tensor and kept more of them on the tape; here x and Φ(x)
 * are saved (bench/results/train-profile.md).
 */
import * as tf from '@tensorflow/tfjs';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const cdf = tf.add(tf.mul(tf.erf(tf.mul(x, Math.SQRT1_2)), 0.5), 0.5);
  save([x, cdf]);
  return {
    value: tf.mul(x, cdf),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, scdf] = saved as [tf.Tensor, tf.Tensor];
      const xPdf = tf.mul(sx, tf.mul(tf.exp(tf.mul(tf.square(sx), -0.5)), INV_SQRT_2PI));
      return [tf.mul(dy, tf.add(scdf, xPdf))];
    },
  };
  // tfjs types customGrad's function as variadic; this one takes exactly (x, save).
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

/** GELU with erf, as PyTorch's default (not the tanh approximation), with a closed-form gradient. */
export function fusedGelu(x: tf.Tensor): tf.Tensor {
  return op(x);
}
