/**
 * The engines bench/train.ts interleaves: PyTorch (a long-lived Python process timing one step per request),
 * tfjs-wasm in this process (XNNPACK threads), tfjs-wasm over data-parallel worker threads, and ONNX Runtime's
 * forward pass (the CPU's practical peak, as a yardstick for GFLOP/s). Each: setup (incl. a warm-up step),
 * step() → ms, close().
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { isNoDecayParam } from '../src-core/model/canonicalShapes';
import { defaultLoss } from '../src-core/model/trainConfig';
import type { VitConfig } from '../src-core/model/vitConfig';
import { createRng } from '../src-core/random/createRng';
import { AdamW, clipByGlobalNorm } from '../src-worker/model/AdamW';
import { selectBackend } from '../src-worker/model/backends';
import { initVitParams } from '../src-worker/model/initVitParams';
import { multiLabelLoss } from '../src-worker/model/losses';
import { GradientWorkerPool } from '../src-worker/model/parallel/GradientWorkerPool';
import { wasmThreadCount } from '../src-worker/model/threadedWasm';
import { VitModel } from '../src-worker/model/VitModel';
import { createOrtSession } from '../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../src-worker/onnx/exportOnnx';
import { runVitSession } from '../src-worker/onnx/runVitSession';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Engine {
  name: string;
  /** what one step is: 'train' (forward + backward + AdamW) or 'forward' */
  kind: 'train' | 'forward';
  step(): Promise<number>;
  close(): Promise<void>;
  /** peak memory note for the table */
  memory(): string;
}

function randomBatch(c: VitConfig, n: number, seed: number): { px: Float32Array; y: Float32Array } {
  const rng = createRng(seed);
  return {
    px: Float32Array.from({ length: n * c.imageSize * c.imageSize }, () => rng.nextFloat() - 0.5),
    y: Float32Array.from({ length: n * c.numClasses }, () => (rng.nextFloat() < 0.3 ? 1 : 0)),
  };
}

async function timed(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

export async function torchEngine(c: VitConfig, batch: number): Promise<Engine> {
  const proc: ChildProcessWithoutNullStreams = spawn('/usr/bin/python3', [
    path.join(here, '_trainTorch.py'),
    String(c.width),
    String(c.depth),
    String(c.heads),
    String(c.imageSize),
    String(batch),
    '0',
  ]);
  const lines: Interface = createInterface({ input: proc.stdout });
  const it = lines[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const r = await it.next();
    if (r.done) throw new Error('PyTorch reference process ended early');
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  const ready = await next();
  let rss = 0;
  return {
    name: `PyTorch ${String(ready.torch)} (2 threads)`,
    kind: 'train',
    step: async () => {
      proc.stdin.write('\n');
      const r = await next();
      rss = r.maxRssMiB as number;
      return r.ms as number;
    },
    close: async () => {
      proc.stdin.end();
      await new Promise((resolve) => proc.once('close', resolve));
    },
    memory: () => `${rss.toFixed(0)} (RSS)`,
  };
}

/** The benchmarks' model and optimiser: seed-0 weights, AdamW as training uses it (decay 0.05, none on norms/biases), constant LR. */
export function freshVitAndAdamW(c: VitConfig): { model: VitModel; opt: AdamW } {
  const model = VitModel.fromCanonical(c, initVitParams(c, createRng(0)));
  const opt = new AdamW(model.params, {
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0.05,
    noDecay: isNoDecayParam,
    lrScale: () => 1,
  });
  return { model, opt };
}

/** tfjs-wasm in this thread with `threads` XNNPACK threads; gradients accumulated over micro-batches. */
export async function tfjsEngine(c: VitConfig, batch: number, micro: number, threads: number): Promise<Engine> {
  await selectBackend('wasm', { wasmThreads: threads });
  const { model, opt } = freshVitAndAdamW(c);
  const { px, y } = randomBatch(c, micro, 1);
  const vars = [...model.params.values()];
  const names = [...model.params.keys()];
  const heap = (): number => (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength ?? 0;
  let peak = 0;
  const step = (): void =>
    tf.tidy(() => {
      let acc: tf.Tensor[] | undefined;
      for (let s = 0; s < batch; s += micro) {
        const { value, grads } = tf.variableGrads(() => {
          const yy = tf.tensor2d(y, [micro, c.numClasses]);
          const logits = model.forward(tf.tensor4d(px, [micro, 1, c.imageSize, c.imageSize]), { training: true }).logits;
          return tf.mul(multiLabelLoss(logits, yy, tf.onesLike(yy) as tf.Tensor2D, defaultLoss), micro / batch) as tf.Scalar;
        }, vars);
        value.dataSync();
        const g = vars.map((v) => grads[v.name]!);
        acc = acc ? acc.map((a, i) => tf.add(a, g[i]!)) : g;
        peak = Math.max(peak, heap());
      }
      const m = new Map(names.map((n, i) => [n, acc![i]!]));
      clipByGlobalNorm(m, 1);
      opt.apply(m, 1e-4);
      peak = Math.max(peak, heap());
    });
  step(); // warm-up
  return {
    name: `tfjs wasm, in-process, ${wasmThreadCount()} XNNPACK thread(s) (micro-batch ${micro})`,
    kind: 'train',
    step: () => timed(step),
    close: async () => {
      opt.dispose();
      model.dispose();
    },
    memory: () => `${(peak / 2 ** 20).toFixed(0)} (wasm heap)`,
  };
}

/** The same step with the micro-batches spread over worker threads (own tfjs-wasm each); AdamW on this thread. */
export async function tfjsWorkersEngine(
  c: VitConfig,
  batch: number,
  micro: number,
  workers: number,
  threadsPerWorker: number,
): Promise<Engine> {
  await selectBackend('wasm'); // whatever XNNPACK threads tfjsEngine configured: this thread only runs AdamW here
  const { model, opt } = freshVitAndAdamW(c);
  const names = [...model.params.keys()];
  const vars = [...model.params.values()];
  const pool = await GradientWorkerPool.start(workers, c, 'wasm', names, threadsPerWorker);
  const C = c.numClasses;
  const micros = Array.from({ length: batch / micro }, (_, k) => {
    const { px, y } = randomBatch(c, micro, 1);
    return { input: px, n: micro, targets: y, mask: new Float32Array(micro * C).fill(1), share: micro / batch, dropPathSeed: k };
  });
  const step = async (): Promise<void> => {
    const weights = vars.map((v) => (v.dataSync() as Float32Array).slice());
    const r = await pool.gradients(weights, micros, defaultLoss, new Float32Array(C).fill(0.3), new Float32Array(C).fill(10));
    const g = new Map(names.map((n, i) => [n, tf.tensor(r.grads[i]!, vars[i]!.shape)]));
    clipByGlobalNorm(g, 1);
    opt.apply(g, 1e-4);
    for (const t of g.values()) t.dispose();
  };
  await step();
  return {
    name: `tfjs wasm, ${workers} worker thread(s) × ${threadsPerWorker} XNNPACK thread(s) (micro-batch ${micro})`,
    kind: 'train',
    step: () => timed(step),
    close: async () => {
      await pool.close();
      opt.dispose();
      model.dispose();
    },
    memory: () => 'per worker: one wasm heap',
  };
}

/** ONNX Runtime CPU, 2 intra-op threads: forward pass of the same ViT (Hilum's export graph) on `batch` images. */
export async function ortForwardEngine(c: VitConfig, batch: number): Promise<Engine> {
  const { bytes } = await exportOnnx(c, initVitParams(c, createRng(0)));
  const { session } = await createOrtSession(bytes, { threads: 2 });
  const rng = createRng(2);
  const images = Array.from({ length: batch }, () => Float32Array.from({ length: c.imageSize * c.imageSize }, () => rng.nextFloat() - 0.5));
  const run = (): Promise<unknown> => runVitSession(session, images, c.imageSize, { attention: false });
  await run();
  return {
    name: 'ONNX Runtime forward only (2 threads)',
    kind: 'forward',
    step: () => timed(run),
    close: async () => {
      await session.release();
    },
    memory: () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} (process RSS)`,
  };
}
