// Child process for the threaded-wasm test: starts the wasm backend with 2 XNNPACK threads, multiplies, prints
// the thread count, and then simply returns: the process must exit on its own (pool threads must not hold it).
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../src-worker/model/backends';
import { wasmThreadCount } from '../../../../src-worker/model/threadedWasm';

await selectBackend('wasm', { wasmThreads: 2 });
const s = tf.tidy(
  () =>
    tf
      .matMul(tf.ones([300, 200]), tf.ones([200, 100]))
      .sum()
      .dataSync()[0],
);
process.stdout.write(`${JSON.stringify({ threads: wasmThreadCount(), sum: s })}\n`);
