/**
 * Per-kernel time of one tfjs training step (forward + backward of one micro-batch, then gradient clipping
 * and AdamW) for a ViT at 224 px, from tf.profile. Writes a Markdown table (shares, not only milliseconds:
 * the machine is shared) to stdout; every figure is the median over `rounds` (≥ 3) profiled steps.
 * Usage: npm run bench -- train-profile [preset] [micro] [threads] [rounds=3]
 * (threads: wasm XNNPACK threads, default: one per core; 1 = the stock single-threaded wasm backend).
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { defaultLoss } from '../src-core/model/trainConfig';
import { vitPreset } from '../src-core/model/vitConfig';
import { createRng } from '../src-core/random/createRng';
import { clipByGlobalNorm } from '../src-worker/model/AdamW';
import { selectBackend } from '../src-worker/model/backends';
import { MIN_REPETITIONS, medianOf } from './medianOf';
import { freshVitAndAdamW } from './_trainEngines';
import { multiLabelLoss } from '../src-worker/model/losses';
import { wasmThreadCount } from '../src-worker/model/threadedWasm';

interface Row {
  name: string;
  calls: number;
  ms: number;
  fwdMs: number;
}

async function kernelTimes(f: () => void, byShape = false): Promise<{ rows: Map<string, { calls: number; ms: number }>; wallMs: number }> {
  const t0 = performance.now();
  const info = await tf.profile(f);
  const wallMs = performance.now() - t0;
  const rows = new Map<string, { calls: number; ms: number }>();
  for (const k of info.kernels) {
    if (k.name === 'forward') continue; // tf.customGrad's scope around plainMatMul: its BatchMatMul is listed too
    const ms = await k.kernelTimeMs;
    const key =
      byShape && (k.name === 'BatchMatMul' || k.name === 'Transpose')
        ? `${k.name} ${k.inputShapes.map((s) => `[${s.join('×')}]`).join(' ')}`
        : k.name;
    const r = rows.get(key) ?? { calls: 0, ms: 0 };
    r.calls += 1;
    r.ms += typeof ms === 'number' ? ms : 0;
    rows.set(key, r);
  }
  return { rows, wallMs };
}

/** Per kernel, the median of its time over the rounds (a kernel missing from a round counts 0 ms there). */
function medianProfile(rounds: Awaited<ReturnType<typeof kernelTimes>>[]): Awaited<ReturnType<typeof kernelTimes>> {
  const names = new Set(rounds.flatMap((r) => [...r.rows.keys()]));
  const rows = new Map(
    [...names].map((name) => [
      name,
      { calls: rounds[0]!.rows.get(name)?.calls ?? 0, ms: medianOf(rounds.map((r) => r.rows.get(name)?.ms ?? 0)) },
    ]),
  );
  return { rows, wallMs: medianOf(rounds.map((r) => r.wallMs)) };
}

export default async function run(args: string[]): Promise<void> {
  const preset = args[0] ?? 'vit-ti16';
  const micro = Number(args[1] ?? 4);
  const threads = args[2] === undefined ? undefined : Number(args[2]);
  const rounds = Math.max(MIN_REPETITIONS, Number(args[3] ?? 3));
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  await selectBackend('wasm', threads === undefined ? {} : { wasmThreads: threads });
  const c = vitPreset(preset);
  const { model, opt } = freshVitAndAdamW(c);
  const rng = createRng(1);
  const px = Float32Array.from({ length: micro * c.imageSize * c.imageSize }, () => rng.nextFloat() - 0.5);
  const yy = Float32Array.from({ length: micro * c.numClasses }, () => (rng.nextFloat() < 0.3 ? 1 : 0));
  const lossOf = (): tf.Scalar => {
    const x = tf.tensor4d(px, [micro, 1, c.imageSize, c.imageSize]);
    const y = tf.tensor2d(yy, [micro, c.numClasses]);
    return multiLabelLoss(model.forward(x, { training: true }).logits, y, tf.onesLike(y) as tf.Tensor2D, defaultLoss);
  };
  const updateMs: number[] = [];
  const step = (): void => {
    const { value, grads } = tf.variableGrads(lossOf, opt.flat.vars);
    value.dispose();
    const sum = new Float32Array(opt.flat.total);
    opt.flat.accumulate(
      sum,
      opt.flat.vars.map((v) => grads[v.name]!),
      true,
    );
    const t0 = performance.now();
    clipByGlobalNorm(sum, 1);
    opt.applyFlat(sum, 1e-4);
    updateMs.push(performance.now() - t0);
  };
  step(); // warm-up: XNNPACK operator creation, heap growth
  const fwdRounds: Awaited<ReturnType<typeof kernelTimes>>[] = [];
  const fullRounds: Awaited<ReturnType<typeof kernelTimes>>[] = [];
  for (let round = 0; round < rounds; round++) {
    fwdRounds.push(await kernelTimes(() => tf.tidy(() => void lossOf().dataSync())));
    fullRounds.push(await kernelTimes(step));
  }
  const [fwd, full] = [medianProfile(fwdRounds), medianProfile(fullRounds)];
  const rows: Row[] = [...full.rows].map(([name, r]) => ({ name, calls: r.calls, ms: r.ms, fwdMs: fwd.rows.get(name)?.ms ?? 0 }));
  rows.sort((a, b) => b.ms - a.ms);
  const kernelMs = rows.reduce((s, r) => s + r.ms, 0);
  const load = os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
  console.log(
    `${preset}, 224 px, micro-batch ${micro}, wasm threads ${wasmThreadCount() ?? 'n/a'}, medians of ${rounds} steps, load average ${load}`,
  );
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength ?? 0;
  console.log(`wasm heap after the step: ${(heap / 2 ** 20).toFixed(0)} MiB (it grows to the step's peak and is not handed back)`);
  console.log(
    `step wall ${full.wallMs.toFixed(0)} ms; sum of kernel times ${kernelMs.toFixed(0)} ms (${((100 * kernelMs) / full.wallMs).toFixed(1)} % of wall; the rest is tape bookkeeping and JS between kernels); forward alone ${fwd.wallMs.toFixed(0)} ms`,
  );
  console.log(
    `of which clipping + AdamW (one pass over the flat parameters, JS; reading and writing the variables included): ${medianOf(updateMs).toFixed(0)} ms`,
  );
  console.log('');
  console.log('| kernel | calls | share of kernel time | ms | of which forward ms |');
  console.log('|---|---|---|---|---|');
  for (const r of rows.filter((x) => x.ms / kernelMs >= 0.002)) {
    console.log(`| ${r.name} | ${r.calls} | ${((100 * r.ms) / kernelMs).toFixed(1)} % | ${r.ms.toFixed(0)} | ${r.fwdMs.toFixed(0)} |`);
  }
  const rest = rows.filter((x) => x.ms / kernelMs < 0.002);
  console.log(
    `| ${rest.length} other kernels | ${rest.reduce((s, r) => s + r.calls, 0)} | ${((100 * rest.reduce((s, r) => s + r.ms, 0)) / kernelMs).toFixed(1)} % | ${rest.reduce((s, r) => s + r.ms, 0).toFixed(0)} | |`,
  );
  opt.dispose();
  model.dispose();
}
