/**
 * Bootstrap of macro-AUROC (14 labels × 100,000 images, 2,000 resamples): Hilum's sort-once,
 * counts-per-resample engine against a scikit-learn loop (roc_auc_score per resample per label)
 * run in the same invocation through Debian's /usr/bin/python3. Each side is timed `rounds` (≥ 3) times,
 * the same draws each time; the table reports medians.
 * Usage: npm run bench -- metrics [n=100000] [resamples=2000] [sklearnResamples=20] [rounds=3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrapCi } from '../src-core/metrics/bootstrap/bootstrapCi';
import { aurocFromRanking } from '../src-core/metrics/discrimination/aurocFromRanking';
import { prepareRanking } from '../src-core/metrics/discrimination/prepareRanking';
import { createRng } from '../src-core/random/createRng';
import { MIN_REPETITIONS, medianOf } from './medianOf';

const SKLEARN_SCRIPT = String.raw`
import sys, time, json
import numpy as np
from sklearn.metrics import roc_auc_score
d, n, L, R, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
scores = np.fromfile(d + '/scores.f64', dtype=np.float64).reshape(L, n)
labels = np.fromfile(d + '/labels.u8', dtype=np.uint8).reshape(L, n)
point = float(np.mean([roc_auc_score(labels[l], scores[l]) for l in range(L)]))
seconds = []
for rep in range(reps):
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    draws = []
    for r in range(R):
        idx = rng.integers(0, n, n)
        draws.append(np.mean([roc_auc_score(labels[l, idx], scores[l, idx]) for l in range(L)]))
    seconds.append(time.perf_counter() - t0)
print(json.dumps({'seconds': seconds, 'point': point, 'ci95': [float(np.percentile(draws, 2.5)), float(np.percentile(draws, 97.5))]}))
`;

export default async function run(args: string[]): Promise<void> {
  const n = Number(args[0] ?? 100_000);
  const labelCount = 14;
  const resamples = Number(args[1] ?? 2000);
  const sklearnResamples = Number(args[2] ?? 20);
  const rounds = Math.max(MIN_REPETITIONS, Number(args[3] ?? 3));

  // Synthetic scores rounded to 3 decimals (many ties), prevalence 1%–30% per label.
  const rng = createRng(2026);
  const scores: Float64Array[] = [];
  const labels: Float64Array[] = [];
  for (let l = 0; l < labelCount; l++) {
    const prevalence = 0.01 + (0.29 * l) / (labelCount - 1);
    const y = new Float64Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.nextFloat() < prevalence ? 1 : 0;
      const noise = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
      s[i] = Math.round((1 / (1 + Math.exp(-(noise + 1.2 * y[i]! - 1)))) * 1000) / 1000;
    }
    scores.push(s);
    labels.push(y);
  }

  const hilumRounds: { seconds: number; sortSeconds: number; ci: ReturnType<typeof bootstrapCi> }[] = [];
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    const rankings = scores.map((s, l) => prepareRanking(s, labels[l]!));
    const tSorted = performance.now();
    const macro = (w: Float64Array): number => {
      let sum = 0;
      for (const ranking of rankings) sum += aurocFromRanking(ranking, w);
      return sum / rankings.length;
    };
    const ci = bootstrapCi(n, macro, { resamples, seed: 1 });
    hilumRounds.push({ seconds: (performance.now() - t0) / 1000, sortSeconds: (tSorted - t0) / 1000, ci });
  }
  const hilum = hilumRounds[0]!.ci;
  const hilumSeconds = medianOf(hilumRounds.map((r) => r.seconds));
  const sortSeconds = medianOf(hilumRounds.map((r) => r.sortSeconds));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-metrics-'));
  let sk: { seconds: number[]; point: number; ci95: [number, number] };
  try {
    const flatScores = new Float64Array(n * labelCount);
    const flatLabels = new Uint8Array(n * labelCount);
    scores.forEach((s, l) => flatScores.set(s, l * n));
    labels.forEach((y, l) => flatLabels.set(Uint8Array.from(y), l * n));
    writeFileSync(path.join(dir, 'scores.f64'), flatScores);
    writeFileSync(path.join(dir, 'labels.u8'), flatLabels);
    writeFileSync(path.join(dir, 'bench.py'), SKLEARN_SCRIPT);
    const out = execFileSync(
      '/usr/bin/python3',
      [path.join(dir, 'bench.py'), dir, String(n), String(labelCount), String(sklearnResamples), String(rounds)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    sk = JSON.parse(out.trim().split('\n').pop()!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const skSeconds = medianOf(sk.seconds);
  const sklearnExtrapolated = (skSeconds * resamples) / sklearnResamples;

  const fmt = (x: number, d = 2) => x.toFixed(d);
  console.log(
    `bootstrap of macro-AUROC: ${labelCount} labels × ${n} images, ${resamples} resamples (percentile 95% CI); seconds are medians of ${rounds} rounds; load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log('| implementation | resamples run | seconds | ms / resample | seconds for ' + resamples + ' | point estimate | 95% CI |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| Hilum (sort once + O(n) per resample) | ${resamples} | ${fmt(hilumSeconds)} (sort ${fmt(sortSeconds)}) | ${fmt((hilumSeconds * 1000) / resamples)} | ${fmt(hilumSeconds)} | ${hilum.value.toFixed(6)} | [${fmt(hilum.ci95[0], 4)}, ${fmt(hilum.ci95[1], 4)}] |`,
  );
  console.log(
    `| scikit-learn roc_auc_score loop | ${sklearnResamples} | ${fmt(skSeconds)} | ${fmt((skSeconds * 1000) / sklearnResamples)} | ${fmt(sklearnExtrapolated)} (extrapolated linearly from ${sklearnResamples}) | ${sk.point.toFixed(6)} | [${fmt(sk.ci95[0], 4)}, ${fmt(sk.ci95[1], 4)}] (${sklearnResamples} resamples only) |`,
  );
  console.log(`point estimates differ by ${Math.abs(hilum.value - sk.point).toExponential(2)}`);
  console.log(
    `ratio: Hilum is ${fmt(sklearnExtrapolated / hilumSeconds, 1)}× faster than scikit-learn's loop (${resamples} resamples; sklearn extrapolated from ${sklearnResamples})`,
  );
}
