/**
 * Data parallelism over worker_threads: each worker holds its own tfjs instance; every step the current
 * weights go to all workers once (one flat array in shared memory), each computes and sums its micro-batches'
 * gradients, and the loop adds the workers' sums (each micro-batch already scaled by its share of the batch)
 * before one optimiser update. Measured design basis: two tfjs-wasm workers trained at 1.87× the throughput
 * of one (ARCHITECTURE.md); bench/results/train.md has the same-run comparison with in-process threads.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HilumError } from '../../../src-core/errors';
import type { LossConfig } from '../../../src-core/model/trainConfig';
import type { VitConfig } from '../../../src-core/model/vitConfig';
import type { BackendName } from '../backends';
import { defaultWasmThreads } from '../threadedWasm';
import type { GradientSource } from '../gradientSource';
import type { FromGradientWorker, MicroBatch, ToGradientWorker } from './protocol';

export type { MicroBatch } from './protocol';

export class GradientWorkerPool implements GradientSource {
  private nextId = 0;
  private exited = 0;
  private shared: Float32Array | undefined;
  private constructor(private readonly workers: Worker[]) {
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
    return new GradientWorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  get description(): string {
    return `tfjs, data parallel over ${this.workers.length} worker threads`;
  }

  /**
   * A float32 array of `length` in memory shared with the workers: weights read into it reach them without a
   * copy per worker (gradients() copies other arrays into it).
   */
  sharedWeights(length: number): Float32Array {
    if (this.shared?.length !== length) this.shared = new Float32Array(new SharedArrayBuffer(4 * length));
    return this.shared;
  }

  /** Summed flat gradients (the FlatParams layout of `names`) and summed scaled loss over all micro-batches. */
  async gradients(
    weights: Float32Array,
    micro: MicroBatch[],
    loss: LossConfig,
    prior: Float32Array,
    positives: Float32Array,
  ): Promise<{ grads: Float32Array; loss: number }> {
    const shared = this.sharedWeights(weights.length);
    if (shared !== weights) shared.set(weights);
    const perWorker: MicroBatch[][] = this.workers.map(() => []);
    micro.forEach((m, i) => perWorker[i % this.workers.length]!.push(m));
    const results = await Promise.all(
      this.workers.map((w, k) =>
        perWorker[k]!.length > 0
          ? this.run(w, { kind: 'step', id: this.nextId++, weights: shared, micro: perWorker[k]!, loss, prior, positives })
          : undefined,
      ),
    );
    // Fixed order (worker 0 first) so a run is reproducible for a given worker count.
    const done = results.filter((r) => r !== undefined);
    const sum = done[0]!.grads;
    let total = done[0]!.loss;
    for (const r of done.slice(1)) {
      total += r.loss;
      const g = r.grads;
      for (let j = 0; j < g.length; j++) sum[j]! += g[j]!;
    }
    return { grads: sum, loss: total };
  }

  private run(w: Worker, msg: Extract<ToGradientWorker, { kind: 'step' }>): Promise<{ grads: Float32Array; loss: number }> {
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
