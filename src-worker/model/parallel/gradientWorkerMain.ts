/**
 * A data-parallel gradient worker: its own tfjs instance (own 4 GiB wasm heap, own thread), receives the
 * current weights once per step and its share of the micro-batches, returns their summed gradients as one
 * flat array. Each worker runs its wasm single-threaded (by default), so the workers together use the cores.
 */
import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../backends';
import type { ToGradientWorker } from './protocol';
import { serveGradientProtocol } from './serveGradientProtocol';

const port = parentPort!;

serveGradientProtocol(
  {
    post: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (listener) => port.on('message', (message: ToGradientWorker) => listener(message)),
  },
  async (init) => {
    await selectBackend(init.backend, { wasmThreads: init.wasmThreads });
    return undefined;
  },
);
