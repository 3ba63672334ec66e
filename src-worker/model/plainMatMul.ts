/**
 * matMul whose gradient never uses tfjs's transposed matMul. tfjs-wasm's XNNPACK path handles only the
 * untransposed case (measured ~13× slower otherwise); transposing explicitly and then multiplying plainly gave
 * the same gradients and a 2.9× faster forward + backward (docs: ARCHITECTURE.md, tfjs training measurements).
 */
import * as tf from '@tensorflow/tfjs';

function swapLast(t: tf.Tensor): tf.Tensor {
  const r = t.rank;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(t, perm);
}

const mm = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(dy, swapLast(sb)), tf.matMul(swapLast(sa), dy)];
    },
  };
  // tfjs types customGrad's function as variadic; this one takes exactly (a, b, save).
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** a [..., n, k] · b [..., k, m] with equal batch dimensions (rank 2 to 4). */
export function plainMatMul<R extends tf.Rank>(a: tf.Tensor<R>, b: tf.Tensor<R>): tf.Tensor<R> {
  return mm(a, b) as tf.Tensor<R>;
}

export { swapLast };
