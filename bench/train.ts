/**
 * Training-step throughput: images/s and achieved GFLOP/s of one optimiser step (forward + backward + AdamW,
 * 14 sigmoid outputs, BCE) for ViT-Ti/16 and ViT-S/16 at 224 px, batch 16, tfjs-wasm against PyTorch (same
 * architecture, 2 threads), beside ONNX Runtime's forward pass as the CPU's practical peak. All engines stay
 * warm and are timed interleaved, one step each per round in rotating order, so load from other users hits
 * them alike; medians of the rounds; the load average is printed with every row.
 * Usage: npm run bench -- train [rounds=3] [workers] [models=vit-ti16,vit-s16]  (each model runs with the engine
 * and micro-batch `hilum train` picks by default on this machine — resolveTrainingWorkers, resolveMicroBatch;
 * "workers" times both engines, in-process XNNPACK threads and 2 worker threads × 1 thread; a model may pin its
 * micro-batch as preset:micro, e.g. models=vit-micro:4 for a smoke run).
 * Engines: tfjs-wasm as `engine: tfjs` runs it, ONNX Runtime's training graph (`engine: auto`, the default),
 * PyTorch, and ONNX Runtime's forward pass. The last two lines are the ViT-S/16 images/s ratios to PyTorch of the
 * tfjs engine and of the default engine of `hilum train`, each named in its line.
 */
import os from 'node:os';
import { resolveMicroBatch } from '../src-core/model/resolveMicroBatch';
import { resolveTrainingEngine } from '../src-core/model/resolveTrainingEngine';
import { resolveTrainingWorkers } from '../src-core/model/resolveTrainingWorkers';
import { vitForwardFlops } from '../src-core/model/vitForwardFlops';
import { vitPreset } from '../src-core/model/vitConfig';
import { defaultWasmThreads } from '../src-worker/model/threadedWasm';
import { type Engine, ortForwardEngine, ortTrainEngine, tfjsEngine, tfjsWorkersEngine, torchEngine } from './_trainEngines';
import { medianOf } from './medianOf';

const BATCH = 16;

const load1 = (): number => os.loadavg()[0]!;

interface Timed {
  engine: Engine;
  ms: number[];
  loads: number[];
}

/** rounds × (one step of every engine), the order rotating each round. */
async function interleave(engines: Engine[], rounds: number): Promise<Timed[]> {
  const out = engines.map((engine) => ({ engine, ms: [] as number[], loads: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < out.length; k++) {
      const t = out[(k + r) % out.length]!;
      t.ms.push(await t.engine.step());
      t.loads.push(load1());
      console.log(`round ${r + 1}: ${t.engine.name}: ${t.ms.at(-1)!.toFixed(0)} ms (load ${t.loads.at(-1)!.toFixed(1)})`);
    }
  }
  return out;
}

export default async function run(args: string[]): Promise<void> {
  const rounds = Math.max(3, Number(args[0] ?? 3));
  const withWorkers = args.includes('workers');
  const models = (args.find((a) => a.startsWith('models='))?.slice(7) ?? 'vit-ti16,vit-s16').split(',').map((m) => m.split(':'));
  const threads = defaultWasmThreads();
  const cores = os.availableParallelism();
  console.log(
    `${os.cpus().length} logical CPUs (${os.cpus()[0]?.model ?? '?'}), load average at start ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(', ')}; ${rounds} interleaved rounds`,
  );
  const lines: string[] = [];
  const ratios = new Map<string, number>();
  const defaults = new Map<string, string>();
  const tfjsDefaults = new Map<string, string>();
  for (const [preset, microText] of models) {
    const c = vitPreset(preset!);
    const micro =
      microText === undefined
        ? resolveMicroBatch({ model: c, batchSize: BATCH, microBatch: undefined, backend: 'wasm', linearProbe: false, file: undefined })
        : Number(microText);
    const workers = resolveTrainingWorkers({ workers: 'auto', batchSize: BATCH, microBatch: micro, linearProbe: false, model: c }, cores);
    const fwd = vitForwardFlops(c);
    // created in this order: tfjsEngine configures the main thread's wasm before any wasm tensor exists
    const engines: Engine[] = [];
    if (withWorkers || workers === 1) engines.push(await tfjsEngine(c, BATCH, micro, threads));
    if (withWorkers || workers > 1) engines.push(await tfjsWorkersEngine(c, BATCH, micro, 2, Math.max(1, Math.floor(cores / 2))));
    const tfjsDefault = engines[workers > 1 && engines.length > 1 ? 1 : 0]!.name;
    tfjsDefaults.set(preset!, tfjsDefault);
    engines.push(await ortTrainEngine(c, BATCH, cores));
    const engineChoice = resolveTrainingEngine({ engine: 'auto', linearProbe: false, backend: undefined });
    defaults.set(preset!, engineChoice === 'onnxruntime' ? engines.at(-1)!.name : tfjsDefault);
    engines.push(await torchEngine(c, BATCH), await ortForwardEngine(c, BATCH));
    const timed = await interleave(engines, rounds);
    for (const e of engines) await e.close();
    const ort = timed.find((t) => t.engine.kind === 'forward')!;
    const peak = (fwd * BATCH) / medianOf(ort.ms) / 1e6;
    const torchIps = BATCH / medianOf(timed.find((t) => t.engine.name.startsWith('PyTorch'))!.ms);
    for (const t of timed) {
      const ms = medianOf(t.ms);
      const gflops = ((t.engine.kind === 'train' ? 3 : 1) * fwd * BATCH) / ms / 1e6;
      const ips = (1000 * BATCH) / ms;
      lines.push(
        `| ${preset} | ${t.engine.name} | ${ms.toFixed(0)} | ${ips.toFixed(2)} | ${gflops.toFixed(1)} | ${((100 * gflops) / peak).toFixed(0)} % | ${t.engine.kind === 'train' ? (ips / (1000 * torchIps)).toFixed(3) : '—'} | ${t.engine.memory()} | ${Math.min(...t.loads).toFixed(1)}–${Math.max(...t.loads).toFixed(1)} |`,
      );
      if (t.engine.kind === 'train' && !t.engine.name.startsWith('PyTorch'))
        ratios.set(`${preset} ${t.engine.name}`, ips / (1000 * torchIps));
    }
  }
  console.log(
    `\nbatch ${BATCH} at each preset's image size (224 px for ViT-Ti/16 and ViT-S/16); GFLOP/s counts 3× the analytic forward FLOPs for a training step; "of peak" is against ONNX Runtime's forward GFLOP/s in the same rounds`,
  );
  console.log(
    '| model | engine | median ms/step | images/s | GFLOP/s | of peak | images/s vs PyTorch | peak MiB | load average (1 min) during its steps |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const l of lines) console.log(l);
  for (const [k, v] of ratios) console.log(`ratio ${k} / PyTorch images/s: ${v.toFixed(3)}×`);
  const last = models.some(([m]) => m === 'vit-s16') ? 'vit-s16' : models.at(-1)![0]!;
  const engine = defaults.get(last)!;
  const tfjsEngineName = tfjsDefaults.get(last)!;
  console.log(
    `${last} tfjs/PyTorch images/s (engine tfjs as it runs here: ${tfjsEngineName}): ${ratios.get(`${last} ${tfjsEngineName}`)!.toFixed(3)}`,
  );
  console.log(
    `${last} hilum train/PyTorch images/s (default engine of hilum train here: ${engine}; same run, median of ${rounds}; goal >= 0.5; load average now ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(', ')}): ${ratios.get(`${last} ${engine}`)!.toFixed(3)}`,
  );
}
