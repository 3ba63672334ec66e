/**
 * A data-parallel gradient worker: its own tfjs instance (own 4 GiB wasm heap, own thread), receives the
 * current weights once per step and its share of the micro-batches, returns their summed gradients as one
 * flat array. Each worker runs its wasm single-threaded (by default), so the workers together use the cores.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../src-core/random/createRng';
import { selectBackend } from '../backends';
import { FlatParams } from '../FlatParams';
import { initVitParams } from '../initVitParams';
import { multiLabelLoss } from '../losses';
import { VitModel } from '../VitModel';
import type { FromGradientWorker, ToGradientWorker } from './protocol';

const port = parentPort!;
let model: VitModel | undefined;
let flat: FlatParams | undefined;

function post(msg: FromGradientWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

function step(m: VitModel, f: FlatParams, msg: Extract<ToGradientWorker, { kind: 'step' }>): { grads: Float32Array; loss: number } {
  f.write(msg.weights);
  const c = m.config;
  const sum = new Float32Array(f.total);
  let loss = 0;
  msg.micro.forEach((mb, k) => {
    const rng = createRng(mb.dropPathSeed);
    const { value, grads } = tf.variableGrads(() => {
      const x = tf.tensor4d(mb.input, [mb.n, 1, c.imageSize, c.imageSize]);
      const y = tf.tensor2d(mb.targets, [mb.n, c.numClasses]);
      const mk = tf.tensor2d(mb.mask, [mb.n, c.numClasses]);
      const logits = m.forward(x, { training: true, dropPathRng: rng }).logits;
      return tf.mul(multiLabelLoss(logits, y, mk, msg.loss, { prior: msg.prior, positives: msg.positives }), mb.share) as tf.Scalar;
    }, f.vars);
    loss += value.dataSync()[0]!;
    value.dispose();
    f.accumulate(
      sum,
      f.vars.map((v) => grads[v.name]!),
      k === 0,
    );
  });
  return { grads: sum, loss };
}

port.on('message', async (msg: ToGradientWorker) => {
  if (msg.kind === 'init') {
    try {
      await selectBackend(msg.backend, { wasmThreads: msg.wasmThreads });
      model = VitModel.fromCanonical(msg.config, initVitParams(msg.config, createRng(0)));
      const m = model;
      flat = new FlatParams(msg.names.map((n) => m.params.get(n)!));
      post({ kind: 'ready' });
    } catch (e) {
      post({ kind: 'error', id: -1, message: (e as Error).message });
    }
    return;
  }
  try {
    const r = step(model!, flat!, msg);
    post({ kind: 'grads', id: msg.id, grads: r.grads, loss: r.loss }, [r.grads.buffer as ArrayBuffer]);
  } catch (e) {
    post({ kind: 'error', id: msg.id, message: (e as Error).message });
  }
});
