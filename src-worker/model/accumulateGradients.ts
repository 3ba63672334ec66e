/** Adds one micro-batch's gradients to the running sum, disposing the consumed tensors so the tensor count stays flat. */
import * as tf from '@tensorflow/tfjs';

export function accumulateGradients(sum: tf.Tensor[] | undefined, gradients: tf.Tensor[]): tf.Tensor[] {
  if (!sum) return gradients;
  const next = sum.map((a, i) => tf.add(a, gradients[i]!));
  for (const t of [...sum, ...gradients]) t.dispose();
  return next;
}
