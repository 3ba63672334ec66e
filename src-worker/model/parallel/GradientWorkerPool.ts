/**
 * Data parallelism over worker_threads: each worker holds its own tfjs instance; every step the current
 * weights go to all workers, each computes its micro-batches' gradients, and the loop sums them (each already
 * scaled by its share of the batch) before one optimiser update. Measured design basis: two tfjs-wasm
 * workers trained at 1.87× the throughput of one (ARCHITECTURE.md).
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HilumError } from '../../../src-core/errors';
import type { LossConfig } from '../../../src-core/model/trainConfig';
import type { VitConfig } from '../../../src-core/model/vitConfig';
import type { BackendName } from '../backends';
import { defaultWasmThreads } from '../threadedWasm';
import type { FromGradientWorker, ToGradientWorker } from './protocol';

export interface MicroBatch {
  input: Float32Array;
  n: number;
  targets: Float32Array;
  mask: Float32Array;
  share: number;
  dropPathSeed: number;
}

export class GradientWorkerPool {
  private nextId = 0;
  private exited = 0;
  private constructor(
    private readonly workers: Worker[],
    private readonly names: string[],
  ) {
    for (const w of workers) w.once('exit', () => (this.exited += 1));
  }

  /** Worker threads that have not exited yet (0 after close()). */
  get liveThreads(): number {
    return this.workers.length - this.exited;
  }

  /** `wasmThreads`: XNNPACK threads per worker; by default the cores are shared out (cores / workers each). */
  static async start(
    count: number,
    config: VitConfig,
    backend: BackendName,
    names: string[],
    wasmThreads = defaultWasmThreads(count),
  ): Promise<GradientWorkerPool> {
    // From source the .mjs bootstrap registers tsx; in the built app electron-vite emits gradientWorker.js beside this chunk.
    const entry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './gradientWorker.mjs' : './gradientWorker.js', import.meta.url));
    const workers = Array.from({ length: count }, () => new Worker(entry));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('error', reject);
              w.once('message', (m: FromGradientWorker) =>
                m.kind === 'ready'
                  ? resolve()
                  : reject(
                      new HilumError('WORKER_CRASHED', `gradient worker failed to start: ${m.kind === 'error' ? m.message : m.kind}`, {}),
                    ),
              );
              w.postMessage({ kind: 'init', config, backend, names, wasmThreads } satisfies ToGradientWorker);
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new GradientWorkerPool(workers, names);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Summed gradients (in `names` order) and summed scaled loss over all micro-batches. */
  async gradients(
    weights: Float32Array[],
    micro: MicroBatch[],
    loss: LossConfig,
    prior: Float32Array,
    positives: Float32Array,
  ): Promise<{ grads: Float32Array[]; loss: number }> {
    const perWorker: MicroBatch[][] = this.workers.map(() => []);
    micro.forEach((m, i) => perWorker[i % this.workers.length]!.push(m));
    const results = await Promise.all(
      this.workers.map(async (w, k) => {
        const out: Array<{ grads: Float32Array[]; loss: number }> = [];
        for (const m of perWorker[k]!)
          out.push(await this.run(w, { kind: 'step', id: this.nextId++, weights, ...m, loss, prior, positives }));
        return out;
      }),
    );
    const sum = this.names.map((_, i) => new Float32Array(weights[i]!.length));
    let total = 0;
    // Fixed order (worker, then its micro-batches) so a run is reproducible for a given worker count.
    for (const list of results) {
      for (const r of list) {
        total += r.loss;
        r.grads.forEach((g, i) => {
          const s = sum[i]!;
          for (let j = 0; j < g.length; j++) s[j]! += g[j]!;
        });
      }
    }
    return { grads: sum, loss: total };
  }

  private run(w: Worker, msg: Extract<ToGradientWorker, { kind: 'step' }>): Promise<{ grads: Float32Array[]; loss: number }> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromGradientWorker): void => {
        if (m.kind === 'ready' || m.id !== msg.id) return;
        w.off('message', onMessage);
        w.off('error', onError);
        if (m.kind === 'error') reject(new HilumError('WORKER_CRASHED', `gradient worker failed: ${m.message}`, {}));
        else resolve({ grads: m.grads, loss: m.loss });
      };
      const onError = (e: Error): void => {
        w.off('message', onMessage);
        reject(new HilumError('WORKER_CRASHED', `gradient worker crashed: ${e.message}`, {}));
      };
      w.on('message', onMessage);
      w.once('error', onError);
      w.postMessage(msg);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
