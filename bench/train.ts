/**
 * Training-step throughput: images/s and achieved GFLOP/s of one optimiser step (forward + backward + AdamW,
 * 14 sigmoid outputs, BCE) for ViT-Ti/16 and ViT-S/16 at 224 px, batch 16 (as micro-batches with gradient
 * accumulation in tfjs), on every tfjs backend that starts, side by side with PyTorch (same architecture,
 * 2 threads) measured in the same run. Usage: npm run bench -- train [reps] [cpu] [no-parallel]  ("cpu" also times
 * the tfjs cpu backend, on one micro-batch only: a full batch takes minutes there; wasm is also timed with
 * the micro-batches spread over 2 worker threads unless "no-parallel").
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { defaultLoss } from '../src-core/model/trainConfig';
import { isNoDecayParam } from '../src-core/model/canonicalShapes';
import { type VitConfig, vitDims, vitPreset } from '../src-core/model/vitConfig';
import { createRng } from '../src-core/random/createRng';
import { AdamW, clipByGlobalNorm } from '../src-worker/model/AdamW';
import { probeBackends, selectBackend, type BackendName } from '../src-worker/model/backends';
import { initVitParams } from '../src-worker/model/initVitParams';
import { multiLabelLoss } from '../src-worker/model/losses';
import { GradientWorkerPool } from '../src-worker/model/parallel/GradientWorkerPool';
import { plainMatMul } from '../src-worker/model/plainMatMul';
import { VitModel } from '../src-worker/model/VitModel';

const here = path.dirname(fileURLToPath(import.meta.url));
const BATCH = 16;

/** Forward FLOPs per image (multiply-add = 2): patch embedding, qkv, attention, proj, MLP, head. */
export function vitForwardFlops(c: VitConfig): number {
  const { numPatches: N, mlpHidden: M } = vitDims(c);
  const T = N + 1;
  const D = c.width;
  const perBlock = 2 * T * D * 3 * D + 2 * 2 * T * T * D + 2 * T * D * D + 2 * 2 * T * D * M;
  return 2 * N * c.patchSize * c.patchSize * D + c.depth * perBlock + 2 * D * c.numClasses;
}

function wasmHeapBytes(): number | null {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return b.wasm?.HEAPU8 ? b.wasm.HEAPU8.buffer.byteLength : null;
}

async function timeTfjs(c: VitConfig, micro: number, batch: number, reps: number): Promise<{ ms: number[]; peakMiB: number }> {
  const model = VitModel.fromCanonical(c, initVitParams(c, createRng(0)));
  const opt = new AdamW(model.params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05, noDecay: isNoDecayParam, lrScale: () => 1 });
  const rng = createRng(1);
  const px = Float32Array.from({ length: micro * c.imageSize * c.imageSize }, () => rng.nextFloat() - 0.5);
  const yy = Float32Array.from({ length: micro * c.numClasses }, () => (rng.nextFloat() < 0.3 ? 1 : 0));
  const vars = [...model.params.values()];
  const names = [...model.params.keys()];
  let peak = 0;
  const step = (): void => {
    let acc: tf.Tensor[] | undefined;
    for (let s = 0; s < batch; s += micro) {
      const { value, grads } = tf.variableGrads(() => {
        const x = tf.tensor4d(px, [micro, 1, c.imageSize, c.imageSize]);
        const y = tf.tensor2d(yy, [micro, c.numClasses]);
        return tf.mul(multiLabelLoss(model.forward(x, { training: true }).logits, y, tf.onesLike(y) as tf.Tensor2D, defaultLoss), micro / batch) as tf.Scalar;
      }, vars);
      value.dispose();
      const g = vars.map((v) => grads[v.name]!);
      if (!acc) acc = g;
      else {
        const next = acc.map((a, i) => tf.add(a, g[i]!));
        for (const t of [...acc, ...g]) t.dispose();
        acc = next;
      }
      peak = Math.max(peak, wasmHeapBytes() ?? process.memoryUsage().rss);
    }
    const m = new Map(names.map((n, i) => [n, acc![i]!]));
    clipByGlobalNorm(m, 1);
    opt.apply(m, 1e-4);
    for (const t of m.values()) t.dispose();
    peak = Math.max(peak, wasmHeapBytes() ?? process.memoryUsage().rss);
  };
  step(); // warm-up
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    step();
    ms.push(performance.now() - t0);
  }
  opt.dispose();
  model.dispose();
  return { ms, peakMiB: peak / 2 ** 20 };
}

/** Same step with the micro-batches spread over `workers` worker_threads (one tfjs instance each); AdamW on the main thread. */
async function timeTfjsParallel(c: VitConfig, backend: BackendName, workers: number, micro: number, reps: number): Promise<{ ms: number[] }> {
  const model = VitModel.fromCanonical(c, initVitParams(c, createRng(0)));
  const names = [...model.params.keys()];
  const vars = [...model.params.values()];
  const opt = new AdamW(model.params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05, noDecay: isNoDecayParam, lrScale: () => 1 });
  const pool = await GradientWorkerPool.start(workers, c, backend, names);
  const rng = createRng(1);
  const S = c.imageSize;
  const C = c.numClasses;
  const micros = Array.from({ length: BATCH / micro }, (_, k) => ({
    input: Float32Array.from({ length: micro * S * S }, () => rng.nextFloat() - 0.5), n: micro,
    targets: Float32Array.from({ length: micro * C }, () => (rng.nextFloat() < 0.3 ? 1 : 0)), mask: new Float32Array(micro * C).fill(1), share: micro / BATCH, dropPathSeed: k,
  }));
  const step = async (): Promise<void> => {
    const weights = vars.map((v) => (v.dataSync() as Float32Array).slice());
    const r = await pool.gradients(weights, micros, defaultLoss, new Float32Array(C).fill(0.3), new Float32Array(C).fill(10));
    const g = new Map(names.map((n, i) => [n, tf.tensor(r.grads[i]!, vars[i]!.shape)]));
    clipByGlobalNorm(g, 1);
    opt.apply(g, 1e-4);
    for (const t of g.values()) t.dispose();
  };
  await step();
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await step();
    ms.push(performance.now() - t0);
  }
  await pool.close();
  opt.dispose();
  model.dispose();
  return { ms };
}

/** forward + backward of x[1040,192]·W[192,768] with tfjs's built-in matMul gradient vs plainMatMul's (ms, median of 5). */
function timeMatMulGrad(): { builtin: number; plain: number } {
  // both operands are variables, so both gradients are computed (as inside the ViT, where x is an activation)
  const x = tf.variable(tf.randomNormal([1040, 192])) as tf.Variable<tf.Rank.R2>;
  const w = tf.variable(tf.randomNormal([192, 768]));
  const time = (f: () => tf.Scalar): number => {
    const ms: number[] = [];
    for (let r = 0; r < 6; r++) {
      const t0 = performance.now();
      const { value, grads } = tf.variableGrads(f, [x, w]);
      grads[w.name]!.dataSync();
      grads[x.name]!.dataSync();
      ms.push(performance.now() - t0);
      value.dispose();
      for (const g of Object.values(grads)) g.dispose();
    }
    return median(ms.slice(1));
  };
  const builtin = time(() => tf.sum(tf.matMul(x, w)));
  const plain = time(() => tf.sum(plainMatMul(x as tf.Tensor2D, w as tf.Tensor2D)));
  x.dispose();
  w.dispose();
  return { builtin, plain };
}

function timeTorch(c: VitConfig, reps: number): { ms: number[]; maxRssMiB: number; torch: string } {
  const out = execFileSync('/usr/bin/python3', [path.join(here, '_trainTorch.py'), String(c.width), String(c.depth), String(c.heads), String(c.imageSize), String(BATCH), String(reps)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { ms: number[]; maxRssMiB: number; torch: string };
}

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

export default async function run(args: string[]): Promise<void> {
  const reps = Number(args[0] ?? 2);
  const withCpu = args.includes('cpu');
  const withParallel = !args.includes('no-parallel');
  const probes = await probeBackends();
  for (const p of probes) console.log(`backend ${p.name}: ${p.available ? 'available' : `not available (${p.reason})`}`);
  const backends = probes.filter((p) => p.available && (p.name !== 'cpu' || withCpu)).map((p) => p.name as BackendName);
  const rows: string[][] = [];
  const ratios: string[] = [];
  if (backends.includes('wasm')) {
    await selectBackend('wasm');
    const mm = timeMatMulGrad();
    console.log(`wasm matMul 1040×192·192×768 forward + backward: built-in gradient ${mm.builtin.toFixed(1)} ms, plainMatMul gradient ${mm.plain.toFixed(1)} ms (${(mm.builtin / mm.plain).toFixed(2)}× faster)`);
    ratios.push(`plainMatMul gradient vs built-in on wasm: ${(mm.builtin / mm.plain).toFixed(2)}×`);
  }
  for (const [preset, micro] of [['vit-ti16', 4], ['vit-s16', 2]] as const) {
    const c = vitPreset(preset);
    const gflop = (3 * vitForwardFlops(c)) / 1e9; // training ≈ forward + 2× for backward
    const torch = timeTorch(c, reps);
    const tms = median(torch.ms);
    console.log(`  ${preset} PyTorch: ${tms.toFixed(0)} ms/step of ${BATCH} images`);
    rows.push([preset, `PyTorch ${torch.torch} (2 threads)`, `${BATCH}`, tms.toFixed(0), ((BATCH * 1000) / tms).toFixed(2), ((gflop * BATCH * 1000) / tms).toFixed(1), `${torch.maxRssMiB.toFixed(0)} (RSS)`]);
    for (const b of backends) {
      await selectBackend(b);
      const batch = b === 'cpu' ? micro : BATCH;
      try {
        const r = await timeTfjs(c, micro, batch, b === 'cpu' ? 1 : reps);
        const ms = median(r.ms);
        console.log(`  ${preset} tfjs ${b}: ${ms.toFixed(0)} ms/step of ${batch} images`);
        rows.push([preset, `tfjs ${b} (micro-batch ${micro})`, `${batch}`, ms.toFixed(0), ((batch * 1000) / ms).toFixed(2), ((gflop * batch * 1000) / ms).toFixed(1), `${r.peakMiB.toFixed(0)} (${b === 'wasm' ? 'wasm heap' : 'RSS'})`]);
        ratios.push(`${preset} ${b}/PyTorch images/s: ${((batch / ms) / (BATCH / tms)).toFixed(3)}×`);
        if (b === 'wasm' && withParallel) {
          const p = await timeTfjsParallel(c, b, 2, micro, reps);
          const pms = median(p.ms);
          rows.push([preset, `tfjs wasm, 2 worker threads (micro-batch ${micro})`, `${BATCH}`, pms.toFixed(0), ((BATCH * 1000) / pms).toFixed(2), ((gflop * BATCH * 1000) / pms).toFixed(1), 'per worker: as above']);
          ratios.push(`${preset} wasm 2 workers / 1 worker: ${(ms / pms).toFixed(2)}×`);
        }
      } catch (e) {
        rows.push([preset, `tfjs ${b}`, `${batch}`, 'failed', (e as Error).message.slice(0, 60), '', '']);
      }
    }
  }
  const head = ['model', 'engine', 'batch', 'ms/step', 'images/s', 'GFLOP/s', 'peak MiB'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((v, i) => v.padEnd(widths[i]!)).join(' | ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(`ratio (tfjs vs PyTorch, same run): ${ratios.join('; ')}`);
}
