/**
 * Same-process A/B of the training-step changes, interleaved round by round so that load from other users hits
 * both sides alike (only these ratios are meaningful on a shared machine); the load average is printed per row.
 *   update: clipping + AdamW over the summed gradients — per parameter tensor in tfjs kernels (the code before
 *           2026-12-03, kept here as the baseline) against one fused pass over the flat vector (AdamW.applyFlat);
 *   norm:   a whole step in this thread, LayerNorm and GELU composed of elementary ops (autograd) against the
 *           single ops with closed-form gradients (useFusedNormAndGelu);
 *   workers: 2 data-parallel workers, one pool round per micro-batch pair (weights assigned and gradients returned
 *           per micro-batch, as before) against one round per step.
 * Usage: npm run bench -- train-ab [preset=vit-s16] [micro=4] [rounds=3] [parts=update,norm,workers] [threads=1] [batch=16]
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { vitPreset } from '../src-core/model/vitConfig';
import { AdamW, clipByGlobalNorm } from '../src-worker/model/AdamW';
import { selectBackend } from '../src-worker/model/backends';
import { useFusedNormAndGelu } from '../src-worker/model/vitLayers';
import { freshVitAndAdamW, type StepVariant, tfjsEngine, tfjsWorkersEngine } from './_trainEngines';
import { MIN_REPETITIONS, medianOf } from './medianOf';

const load = (): string => os.loadavg()[0]!.toFixed(1);

/** The update before the flat optimiser: tfjs kernels per tensor (norm: square, sum, addN; AdamW ~12 per tensor). */
function perTensorUpdate(opt: AdamW): (grads: Float32Array) => void {
  const { vars, offsets, sizes } = opt.flat;
  const m = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  const v = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  let step = 0;
  return (flat) => {
    step += 1;
    const c1 = 1 - 0.9 ** step;
    const c2 = 1 - 0.999 ** step;
    tf.tidy(() => {
      let g = vars.map((p, i) => tf.tensor(flat.subarray(offsets[i]!, offsets[i]! + sizes[i]!), p.shape));
      const norm = tf.sqrt(tf.addN(g.map((t) => tf.sum(tf.square(t))))).dataSync()[0]!;
      if (norm > 1) g = g.map((t) => tf.mul(t, 1 / (norm + 1e-6)));
      vars.forEach((p, i) => {
        const mNew = tf.add(tf.mul(m[i]!, 0.9), tf.mul(g[i]!, 0.1));
        const vNew = tf.add(tf.mul(v[i]!, 0.999), tf.mul(tf.square(g[i]!), 0.001));
        m[i]!.assign(mNew);
        v[i]!.assign(vNew);
        const u = tf.add(tf.div(tf.div(mNew, c1), tf.add(tf.sqrt(tf.div(vNew, c2)), 1e-8)), tf.mul(p, 0.05));
        p.assign(tf.sub(p, tf.mul(u, 1e-4)));
      });
    });
  };
}

function row(part: string, a: { name: string; ms: number[]; loads: string[] }, b: { name: string; ms: number[]; loads: string[] }): string {
  const [ma, mb] = [medianOf(a.ms), medianOf(b.ms)];
  return `| ${part} | ${a.name} | ${ma.toFixed(0)} | ${b.name} | ${mb.toFixed(0)} | ${(ma / mb).toFixed(2)}× | ${[...a.loads, ...b.loads].join(', ')} |`;
}

/** rounds × (A then B, or B then A on odd rounds). */
async function abRounds(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<{ ms: number[]; loads: string[] }[]> {
  const out = [
    { ms: [] as number[], loads: [] as string[] },
    { ms: [] as number[], loads: [] as string[] },
  ];
  for (let r = 0; r < rounds; r++) {
    const order: Array<[number, () => Promise<number>]> =
      r % 2 === 0
        ? [
            [0, a],
            [1, b],
          ]
        : [
            [1, b],
            [0, a],
          ];
    for (const [k, f] of order) {
      out[k]!.ms.push(await f());
      out[k]!.loads.push(load());
    }
  }
  return out;
}

export default async function run(args: string[]): Promise<void> {
  const preset = args[0] ?? 'vit-s16';
  const micro = Number(args[1] ?? 4);
  const rounds = Math.max(MIN_REPETITIONS, Number(args[2] ?? 3));
  const parts = (args.find((a) => a.startsWith('parts='))?.slice(6) ?? 'update,norm,workers').split(',');
  const threads = Number(args.find((a) => a.startsWith('threads='))?.slice(8) ?? 1);
  const BATCH = Number(args.find((a) => a.startsWith('batch='))?.slice(6) ?? 16);
  const c = vitPreset(preset);
  console.log(
    `${preset}, batch ${BATCH}, micro-batch ${micro}, ${rounds} interleaved rounds; load average at start ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}`,
  );
  const rows: string[] = [];
  await selectBackend('wasm', { wasmThreads: threads });
  if (parts.includes('update')) {
    const { model, opt } = freshVitAndAdamW(c);
    const old = perTensorUpdate(opt);
    const grads = Float32Array.from({ length: opt.flat.total }, (_, i) => Math.sin(i) * 1e-3);
    const time = (f: () => void) => async (): Promise<number> => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    };
    const [a, b] = await abRounds(
      rounds + 2,
      time(() => old(grads)),
      time(() => {
        const g = grads.slice();
        clipByGlobalNorm(g, 1);
        opt.applyFlat(g, 1e-4);
      }),
    );
    rows.push(row('update only (ms)', { name: 'per-tensor tfjs kernels', ...a! }, { name: 'flat fused pass', ...b! }));
    model.dispose();
  }
  if (parts.includes('norm')) {
    let fused = false;
    const variant: StepVariant = {
      around: () => {
        const was = useFusedNormAndGelu(fused);
        return () => useFusedNormAndGelu(was);
      },
    };
    const engine = await tfjsEngine(c, BATCH, micro, threads, variant);
    const side = (on: boolean) => (): Promise<number> => {
      fused = on;
      return engine.step();
    };
    const [a, b] = await abRounds(rounds, side(false), side(true));
    rows.push(row(`step in-process, ${threads} thread(s) (ms)`, { name: 'composite LayerNorm/GELU', ...a! }, { name: 'fused ops', ...b! }));
    await engine.close();
  }
  if (parts.includes('workers')) {
    const variant: StepVariant = {};
    const engine = await tfjsWorkersEngine(c, BATCH, micro, 2, 1, variant);
    const side = (perRound: number | undefined) => (): Promise<number> => {
      variant.microPerRound = perRound;
      return engine.step();
    };
    const [a, b] = await abRounds(rounds, side(2), side(undefined));
    rows.push(
      row('step, 2 workers × 1 thread (ms)', { name: 'a round per micro-batch pair', ...a! }, { name: 'one round per step', ...b! }),
    );
    await engine.close();
  }
  console.log('\n| change | A | A median | B | B median | A/B | load average (1 min) after each step |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}
