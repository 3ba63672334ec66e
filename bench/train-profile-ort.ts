/**
 * Per-operator time of one training step on ONNX Runtime's training graph (what `hilum train` runs by default):
 * ONNX Runtime's own profiler over `rounds` (≥ 3) steps of a batch of 16 after a warm-up step, summed by
 * operator type and split into the forward, loss and backward parts of the graph by node name. Prints a
 * Markdown table of shares and per-step milliseconds (medians over the profiled steps), with the load average.
 * Usage: npm run bench -- train-profile-ort [preset=vit-s16] [rounds=3] [threads=cores]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultLoss } from '../src-core/model/trainConfig';
import { vitPreset } from '../src-core/model/vitConfig';
import { createRng } from '../src-core/random/createRng';
import { initVitParams } from '../src-worker/model/initVitParams';
import { VitModel } from '../src-worker/model/VitModel';
import { selectBackend } from '../src-worker/model/backends';
import { FlatParams } from '../src-worker/model/FlatParams';
import { NODE_PREFIX } from '../src-worker/onnx/train/buildVitTrainGraph';
import { OrtGradientEngine } from '../src-worker/onnx/train/OrtGradientEngine';
import { MIN_REPETITIONS, medianOf } from './medianOf';

const BATCH = 16;

interface TraceEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}

/** Which part of the graph a profiled node belongs to (buildVitTrainGraph's node prefixes; ONNX Runtime names the nodes its optimiser fuses). */
function part(node: string): string {
  if (node.startsWith(NODE_PREFIX.loss)) return 'loss';
  if (node.startsWith(NODE_PREFIX.backward)) return 'backward';
  return node.includes('/') ? 'forward' : 'fused by ONNX Runtime';
}

export default async function run(args: string[]): Promise<void> {
  const preset = args[0] ?? 'vit-s16';
  const rounds = Math.max(MIN_REPETITIONS, Number(args[1] ?? 3));
  const threads = Number(args[2] ?? os.availableParallelism());
  await selectBackend('cpu');
  const c = vitPreset(preset);
  const model = VitModel.fromCanonical(c, initVitParams(c, createRng(0)));
  const flat = new FlatParams([...model.params.values()]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hilum-ort-profile-'));
  const engine = new OrtGradientEngine({
    config: c,
    params: [...model.params].map(([name, v]) => ({ name, shape: v.shape })),
    threads,
    profileFilePrefix: path.join(dir, 'train'),
  });
  const rng = createRng(1);
  const C = c.numClasses;
  const micro = [
    {
      input: Float32Array.from({ length: BATCH * c.imageSize * c.imageSize }, () => rng.nextFloat() - 0.5),
      n: BATCH,
      targets: Float32Array.from({ length: BATCH * C }, () => (rng.nextFloat() < 0.3 ? 1 : 0)),
      mask: new Float32Array(BATCH * C).fill(1),
      share: 1,
      dropPathSeed: 0,
    },
  ];
  const weights = flat.read();
  const walls: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    await engine.gradients(weights, micro, defaultLoss, new Float32Array(C).fill(0.3), new Float32Array(C).fill(10));
    if (r > 0) walls.push(performance.now() - t0); // round 0 is the warm-up (graph build, session creation)
  }
  await engine.endProfiling();
  await engine.close();
  model.dispose();
  const file = readdirSync(dir).find((f) => f.endsWith('.json'));
  if (!file) throw new Error(`ONNX Runtime wrote no profile into ${dir}`);
  const events = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as TraceEvent[];
  rmSync(dir, { recursive: true, force: true });
  // Node events per run: "<node>_kernel_time"; runs are separated by "model_run" session events.
  const runs: Map<string, number>[] = [];
  const partsPerRun: Map<string, number>[] = [];
  let current: Map<string, number> | undefined;
  let currentParts: Map<string, number> | undefined;
  for (const e of events) {
    if (e.cat === 'Session' && e.name === 'model_run') {
      current = undefined;
      continue;
    }
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    if (!current) {
      current = new Map();
      currentParts = new Map();
      runs.push(current);
      partsPerRun.push(currentParts);
    }
    const op = e.args?.op_name ?? '?';
    current.set(op, (current.get(op) ?? 0) + e.dur / 1000);
    const p = part(e.name.replace(/_kernel_time$/, ''));
    currentParts!.set(p, (currentParts!.get(p) ?? 0) + e.dur / 1000);
  }
  const profiled = runs.slice(1); // the first traced run is the warm-up
  const ops = new Set(profiled.flatMap((r) => [...r.keys()]));
  const rows = [...ops].map((op) => ({ op, ms: medianOf(profiled.map((r) => r.get(op) ?? 0)) })).sort((a, b) => b.ms - a.ms);
  const total = rows.reduce((s, r) => s + r.ms, 0);
  console.log(
    `${preset}, batch ${BATCH}, ${threads} intra-op thread(s), ${profiled.length} profiled steps after a warm-up; load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(', ')}`,
  );
  console.log(`step wall (gradients only, median): ${medianOf(walls).toFixed(0)} ms; summed kernel time ${total.toFixed(0)} ms`);
  for (const p of ['forward', 'loss', 'backward', 'fused by ONNX Runtime'])
    console.log(`${p}: ${medianOf(partsPerRun.slice(1).map((m) => m.get(p) ?? 0)).toFixed(0)} ms of kernel time`);
  console.log('| operator | share of kernel time | ms per step |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r.op} | ${((100 * r.ms) / total).toFixed(1)} % | ${r.ms.toFixed(1)} |`);
  console.log(
    `training-graph step (${preset}): ${medianOf(walls).toFixed(0)} ms, of which ${((100 * total) / medianOf(walls)).toFixed(0)} % in kernels`,
  );
}
