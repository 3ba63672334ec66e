/**
 * A data-parallel gradient worker: its own tfjs instance (own 4 GiB wasm heap, own thread), receives the
 * current weights and a micro-batch, returns the micro-batch's gradients. tfjs-wasm is single-threaded in
 * Node, so this is how training uses more than one core.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../src-core/random/createRng';
import { selectBackend } from '../backends';
import { initVitParams } from '../initVitParams';
import { multiLabelLoss } from '../losses';
import { VitModel } from '../VitModel';
import type { FromGradientWorker, ToGradientWorker } from './protocol';

const port = parentPort!;
let model: VitModel | undefined;
let names: string[] = [];

function post(msg: FromGradientWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

port.on('message', async (msg: ToGradientWorker) => {
  if (msg.kind === 'init') {
    try {
      await selectBackend(msg.backend, { wasmThreads: msg.wasmThreads });
      model = VitModel.fromCanonical(msg.config, initVitParams(msg.config, createRng(0)));
      names = msg.names;
      post({ kind: 'ready' });
    } catch (e) {
      post({ kind: 'error', id: -1, message: (e as Error).message });
    }
    return;
  }
  try {
    const m = model!;
    names.forEach((n, i) => {
      const v = m.params.get(n)!;
      const t = tf.tensor(msg.weights[i]!, v.shape);
      v.assign(t);
      t.dispose();
    });
    const c = m.config;
    const vars = names.map((n) => m.params.get(n)!);
    const rng = createRng(msg.dropPathSeed);
    const { value, grads } = tf.variableGrads(() => {
      const x = tf.tensor4d(msg.input, [msg.n, 1, c.imageSize, c.imageSize]);
      const y = tf.tensor2d(msg.targets, [msg.n, c.numClasses]);
      const mk = tf.tensor2d(msg.mask, [msg.n, c.numClasses]);
      const logits = m.forward(x, { training: true, dropPathRng: rng }).logits;
      return tf.mul(multiLabelLoss(logits, y, mk, msg.loss, { prior: msg.prior, positives: msg.positives }), msg.share) as tf.Scalar;
    }, vars);
    const loss = value.dataSync()[0]!;
    const out = vars.map((v) => (grads[v.name]!.dataSync() as Float32Array).slice());
    value.dispose();
    for (const g of Object.values(grads)) g.dispose();
    post(
      { kind: 'grads', id: msg.id, grads: out, loss },
      out.map((g) => g.buffer as ArrayBuffer),
    );
  } catch (e) {
    post({ kind: 'error', id: msg.id, message: (e as Error).message });
  }
});
