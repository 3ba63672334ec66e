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
import { OrtGradientEngine } from '../src-worker/onnx/train/OrtGradientEngine';
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

/** How a tfjs engine steps; the defaults are what `hilum train` does. bench/train-ab.ts times the alternatives. */
export interface StepVariant {
  /** Label appended to the engine's name. */
  label?: string;
  /** Replaces clipping + AdamW on the summed flat gradients (default: clipByGlobalNorm + AdamW.applyFlat). */
  update?: (opt: AdamW, grads: Float32Array, weights?: Float32Array) => void;
  /** Runs before each step (e.g. switching LayerNorm/GELU implementations), and its result after it. */
  around?: () => () => void;
  /** Worker engine: micro-batches per pool round (default: all at once, weights sent once per step). */
  microPerRound?: number;
}

function update(variant: StepVariant, opt: AdamW, grads: Float32Array, weights?: Float32Array): void {
  if (variant.update) return variant.update(opt, grads, weights);
  clipByGlobalNorm(grads, 1);
  opt.applyFlat(grads, 1e-4, weights);
}

async function timedVariant(variant: StepVariant, f: () => Promise<unknown> | unknown): Promise<number> {
  const restore = variant.around?.();
  try {
    return await timed(f);
  } finally {
    restore?.();
  }
}

/** tfjs-wasm in this thread with `threads` XNNPACK threads; gradients summed over micro-batches as trainVit does. */
export async function tfjsEngine(c: VitConfig, batch: number, micro: number, threads: number, variant: StepVariant = {}): Promise<Engine> {
  await selectBackend('wasm', { wasmThreads: threads });
  const { model, opt } = freshVitAndAdamW(c);
  const { px, y } = randomBatch(c, micro, 1);
  const flat = opt.flat;
  const heap = (): number => (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength ?? 0;
  let peak = 0;
  const step = (): void => {
    const sum = new Float32Array(flat.total);
    for (let s = 0; s < batch; s += micro) {
      const { value, grads } = tf.variableGrads(() => {
        const yy = tf.tensor2d(y, [micro, c.numClasses]);
        const logits = model.forward(tf.tensor4d(px, [micro, 1, c.imageSize, c.imageSize]), { training: true }).logits;
        return tf.mul(multiLabelLoss(logits, yy, tf.onesLike(yy) as tf.Tensor2D, defaultLoss), micro / batch) as tf.Scalar;
      }, flat.vars);
      value.dataSync();
      value.dispose();
      peak = Math.max(peak, heap());
      flat.accumulate(
        sum,
        flat.vars.map((v) => grads[v.name]!),
        s === 0,
      );
    }
    update(variant, opt, sum);
    peak = Math.max(peak, heap());
  };
  await timedVariant(variant, step); // warm-up
  return {
    name: `tfjs wasm, in-process, ${wasmThreadCount()} XNNPACK thread(s) (micro-batch ${micro})${variant.label ?? ''}`,
    kind: 'train',
    step: () => timedVariant(variant, step),
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
  variant: StepVariant = {},
): Promise<Engine> {
  await selectBackend('wasm'); // whatever XNNPACK threads tfjsEngine configured: this thread only runs AdamW here
  const { model, opt } = freshVitAndAdamW(c);
  const flat = opt.flat;
  const pool = await GradientWorkerPool.start(workers, c, 'wasm', [...model.params.keys()], threadsPerWorker);
  const C = c.numClasses;
  const micros = Array.from({ length: batch / micro }, (_, k) => {
    const { px, y } = randomBatch(c, micro, 1);
    return { input: px, n: micro, targets: y, mask: new Float32Array(micro * C).fill(1), share: micro / batch, dropPathSeed: k };
  });
  const step = async (): Promise<void> => {
    const perRound = variant.microPerRound ?? micros.length;
    const weights = flat.read(pool.sharedWeights(flat.total));
    let sum: Float32Array | undefined;
    for (let k = 0; k < micros.length; k += perRound) {
      const r = await pool.gradients(
        weights,
        micros.slice(k, k + perRound),
        defaultLoss,
        new Float32Array(C).fill(0.3),
        new Float32Array(C).fill(10),
      );
      if (!sum) sum = r.grads;
      else for (let j = 0; j < sum.length; j++) sum[j]! += r.grads[j]!;
    }
    update(variant, opt, sum!, weights);
  };
  await timedVariant(variant, step);
  return {
    name: `tfjs wasm, ${workers} worker thread(s) × ${threadsPerWorker} XNNPACK thread(s) (micro-batch ${micro})${variant.label ?? ''}`,
    kind: 'train',
    step: () => timedVariant(variant, step),
    close: async () => {
      await pool.close();
      opt.dispose();
      model.dispose();
    },
    memory: () => 'per worker: one wasm heap',
  };
}

/**
 * ONNX Runtime running Hilum's ViT training graph (forward, BCE, backward) on the whole batch, `threads` intra-op
 * threads, then clipping + AdamW over the flat parameters on this thread: what `hilum train` does with `engine: auto`.
 */
export async function ortTrainEngine(c: VitConfig, batch: number, threads: number): Promise<Engine> {
  await selectBackend('wasm');
  const { model, opt } = freshVitAndAdamW(c);
  const flat = opt.flat;
  const source = new OrtGradientEngine({ config: c, params: [...model.params].map(([name, v]) => ({ name, shape: v.shape })), threads });
  const C = c.numClasses;
  const { px, y } = randomBatch(c, batch, 1);
  const micro = [{ input: px, n: batch, targets: y, mask: new Float32Array(batch * C).fill(1), share: 1, dropPathSeed: 0 }];
  const step = async (): Promise<void> => {
    const weights = flat.read(source.sharedWeights(flat.total));
    const r = await source.gradients(weights, micro, defaultLoss, new Float32Array(C).fill(0.3), new Float32Array(C).fill(10));
    update({}, opt, r.grads, weights);
  };
  await step(); // warm-up (builds and compiles the graph)
  return {
    name: `ONNX Runtime training graph, ${threads} intra-op thread(s) (whole batch per run)`,
    kind: 'train',
    step: () => timed(step),
    close: async () => {
      await source.close();
      opt.dispose();
      model.dispose();
    },
    memory: () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} (process RSS)`,
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
