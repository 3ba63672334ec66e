/**
 * ViT-B/16 inference at 224 and 512 px, batch 1 and 8: Hilum's predict path (decoded pixels → calibrated
 * outputs, OOD, decisions) vs a raw ONNX Runtime session on the same graph vs PyTorch (same architecture,
 * Debian /usr/bin/python3) vs tfjs-wasm (VitModel, 224 px batch 1 only: larger cases take minutes or exceed
 * the 4 GiB wasm heap). Each engine × case runs in its own child process so peak RSS is its own.
 * Usage: npm run bench -- infer [reps224b1]
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BundleSpec, LoadedBundle } from '../src-core/bundle';
import { vitPreset, type VitConfig } from '../src-core/model/vitConfig';
import { createPredictor } from '../src-worker/inference/createPredictor';
import { selectBackend } from '../src-worker/model/backends';
import { VitModel } from '../src-worker/model/VitModel';
import { createOrtSession } from '../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../src-worker/onnx/exportOnnx';
import { runVitSession } from '../src-worker/onnx/runVitSession';
import { hashedVitWeights } from '../test/fixtures/onnx/hashedVitWeights';
import { microBundleSpec } from '../test/fixtures/onnx/microBundleSpec';
import { medianOf } from './medianOf';

type Engine = 'hilum' | 'ort' | 'torch' | 'tfjs-wasm';
interface Measured {
  ms: number[];
  maxRssMiB: number;
}
type ChildMode = 'onnx' | 'tfjs-wasm';

const here = path.dirname(fileURLToPath(import.meta.url));

function benchSpec(config: VitConfig): BundleSpec {
  const base = microBundleSpec();
  return { ...base, config, preprocessing: { ...base.preprocessing, imageSize: config.imageSize } };
}

function images(size: number, batch: number): Float32Array[] {
  // Smooth radiograph-like gradients: content does not change the cost of a dense ViT.
  return Array.from({ length: batch }, (_, b) =>
    Float32Array.from({ length: size * size }, (_, i) => ((i % size) / size + Math.floor(i / size) / size + b * 0.01) / 2),
  );
}

async function timeIt(reps: number, f: () => Promise<unknown> | unknown): Promise<number[]> {
  await f(); // warm-up (first run allocates arenas / compiles kernels)
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function timeOnce(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/**
 * 'onnx': Hilum's predict path and a raw session on the same graph, in one process, runs interleaved
 * (order alternating each repetition) so that load from other users of this shared machine hits both alike.
 */
async function child(mode: ChildMode, size: number, batch: number, reps: number): Promise<Record<string, Measured>> {
  const config = vitPreset('vit-b16', { imageSize: size });
  const weights = hashedVitWeights(config);
  const inputs = images(size, batch);
  if (mode === 'tfjs-wasm') {
    await selectBackend('wasm');
    const model = VitModel.fromCanonical(config, weights);
    const x = new Float32Array(batch * size * size);
    inputs.forEach((img, i) => x.set(img, i * size * size));
    const ms = await timeIt(reps, () => {
      const r = model.predict(tf.tensor4d(x, [batch, 1, size, size]));
      r.logits.dataSync();
      r.logits.dispose();
      r.features.dispose();
    });
    return { 'tfjs-wasm': { ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 } };
  }
  // The bundle graph (logits + features only); both engines run it and fetch both outputs.
  const { bytes } = await exportOnnx(config, weights);
  weights.clear();
  const { session } = await createOrtSession(bytes, { threads: 2 });
  const bundle: LoadedBundle = { bundleHash: '0'.repeat(64), spec: benchSpec(config), modelBytes: bytes, source: 'bench' };
  const predictor = await createPredictor([bundle], { threads: 2, batchSize: batch });
  const cases = inputs.map((pixels) => ({ pixels, modality: 'DX' }));
  const raw = (): Promise<unknown> => runVitSession(session, inputs, size, { attention: false });
  const hilum = (): Promise<unknown> => predictor.predict(cases);
  await raw();
  await hilum();
  const ort: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < reps; r++) {
    if (r % 2 === 0) {
      ort.push(await timeOnce(raw));
      ours.push(await timeOnce(hilum));
    } else {
      ours.push(await timeOnce(hilum));
      ort.push(await timeOnce(raw));
    }
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  return { ort: { ms: ort, maxRssMiB: rss }, hilum: { ms: ours, maxRssMiB: rss } };
}

function runChild(mode: ChildMode | 'torch', size: number, batch: number, reps: number): Record<string, Measured> {
  if (mode === 'torch') {
    const out = execFileSync('/usr/bin/python3', [path.join(here, '_inferTorch.py'), String(size), String(batch), String(reps)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return { torch: JSON.parse(out.trim().split('\n').at(-1)!) as Measured };
  }
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'infer.ts'), '--child', mode, String(size), String(batch), String(reps)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, Measured>;
}

export default async function run(args: string[]): Promise<void> {
  const reps224 = Number(args[0] ?? 10);
  const cases: { size: number; batch: number; reps: number; tfjs: boolean }[] = [
    { size: 224, batch: 1, reps: reps224, tfjs: true },
    { size: 224, batch: 8, reps: 3, tfjs: false },
    { size: 512, batch: 1, reps: 3, tfjs: false },
    { size: 512, batch: 8, reps: 3, tfjs: false },
  ];
  console.log(
    'ViT-B/16 inference, median ms per batch; peak RSS of the process (hilum + ort share one: two sessions of the same graph); 2 threads (tfjs-wasm: 1, batch 1 only)',
  );
  console.log('size  batch  engine      median ms   ms/image   peak RSS MiB   vs raw ORT   load');
  const ratios: string[] = [];
  for (const c of cases) {
    const results = new Map<Engine, Measured>();
    const add = (r: Record<string, Measured>): void => {
      for (const [k, v] of Object.entries(r)) results.set(k as Engine, v);
    };
    add(runChild('onnx', c.size, c.batch, c.reps));
    add(runChild('torch', c.size, c.batch, Math.max(3, Math.ceil(c.reps / 2))));
    if (c.tfjs) add(runChild('tfjs-wasm', c.size, 1, 3));
    // A ratio from a loaded machine is not a result: print the 1-minute load average beside each case.
    const load = os.loadavg()[0]!.toFixed(2);
    const ort = medianOf(results.get('ort')!.ms);
    for (const [e, m] of results) {
      const med = medianOf(m.ms);
      console.log(
        `${String(c.size).padEnd(6)}${String(c.batch).padEnd(7)}${e.padEnd(12)}${med.toFixed(0).padStart(9)}  ${(med / c.batch).toFixed(0).padStart(9)}  ${m.maxRssMiB.toFixed(0).padStart(13)}   ${(med / ort).toFixed(2).padStart(9)}×   ${load}`,
      );
    }
    ratios.push(
      `${c.size}px b${c.batch}: Hilum/ORT ${(medianOf(results.get('hilum')!.ms) / ort).toFixed(3)}, PyTorch/ORT ${(medianOf(results.get('torch')!.ms) / ort).toFixed(2)}`,
    );
  }
  console.log(
    `ratios (same run, medians of >= 3; load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}): ${ratios.join('; ')}`,
  );
}

if (process.argv[2] === '--child') {
  const [, , , engine, size, batch, reps] = process.argv;
  const m = await child(engine as ChildMode, Number(size), Number(batch), Number(reps));
  process.stdout.write(`\n${JSON.stringify(m)}\n`);
}
