/**
 * One step of the out-of-thread gradient protocol: write the weights, run each micro-batch's masked loss (scaled by its
 * share, drop path seeded per micro-batch), and sum the gradients into one flat array. The ONE implementation used by
 * the data-parallel worker threads (tfjs-wasm) and by the WebGPU page in Chromium, so the two cannot drift.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../src-core/random/createRng';
import type { FlatParams } from '../FlatParams';
import { multiLabelLoss } from '../losses';
import type { VitModel } from '../VitModel';
import type { ToGradientWorker } from './protocol';

export type StepRequest = Extract<ToGradientWorker, { kind: 'step' }>;

export async function stepGradients(model: VitModel, flat: FlatParams, msg: StepRequest): Promise<{ grads: Float32Array; loss: number }> {
  flat.write(msg.weights);
  const c = model.config;
  const sum = new Float32Array(flat.total);
  let loss = 0;
  for (const [k, mb] of msg.micro.entries()) {
    const rng = createRng(mb.dropPathSeed);
    const { value, grads } = tf.variableGrads(() => {
      const x = tf.tensor4d(mb.input, [mb.n, 1, c.imageSize, c.imageSize]);
      const y = tf.tensor2d(mb.targets, [mb.n, c.numClasses]);
      const mk = tf.tensor2d(mb.mask, [mb.n, c.numClasses]);
      const logits = model.forward(x, { training: true, dropPathRng: rng }).logits;
      return tf.mul(multiLabelLoss(logits, y, mk, msg.loss, { prior: msg.prior, positives: msg.positives }), mb.share) as tf.Scalar;
    }, flat.vars);
    const ordered = flat.vars.map((v) => grads[v.name]!);
    try {
      loss += (await value.data())[0]!;
      await addInto(sum, flat, ordered, k === 0);
    } finally {
      value.dispose();
      for (const g of ordered) g.dispose();
    }
  }
  return { grads: sum, loss };
}

/**
 * Adds (or, the first time, copies) each gradient into its segment of `sum`. Downloads with the asynchronous data():
 * dataSync() returned wrong values on WebGPU in Chromium (see AdamW.apply), and on wasm both give the same bytes.
 */
async function addInto(sum: Float32Array, flat: FlatParams, tensors: tf.Tensor[], first: boolean): Promise<void> {
  for (const [i, t] of tensors.entries()) {
    const data = (await t.data()) as Float32Array;
    const at = flat.offsets[i]!;
    if (first) sum.set(data, at);
    else for (let j = 0; j < data.length; j++) sum[at + j]! += data[j]!;
  }
}
