/**
 * Real-data evaluation study (NIH ChestX-ray14 subset, 64 px): import, patient-disjoint split, train a
 * small ViT, export to ONNX (parity-gated), fit temperatures / thresholds / Mahalanobis on validation,
 * write a bundle, then `hilum eval` it on the test split with near-OOD (Kermany pediatric) and far-OOD
 * (non-chest DICOMs). Prints temperature scaling (validation NLL, test ECE before/after) and OOD AUROC
 * with 95% bootstrap CIs per detector. Args: [--work <dir>] [--epochs N] [--resamples N] [--near-limit N].
 * Re-running with the same --work reuses the imported datasets (training runs again, as a new stored run).
 * A quality study, not a timing benchmark: the durations it prints are of this one run, for context only.
 */
import os from 'node:os';
import path from 'node:path';
import { bundleRun } from '../src-main/bundle/bundleRun';
import { importDatasetIntoStore } from '../src-main/datasets/importDatasetIntoStore';
import { splitDataset } from '../src-main/datasets/splitDataset';
import { runEvaluation } from '../src-main/evaluation/runEvaluation';
import { trainFromDataset } from '../src-main/runs/trainFromDataset';
import { openStore } from '../src-main/store/openStore';
import { WorkerHost } from '../src-main/worker/WorkerHost';

const shared = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'shared', 'data');

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

export default async function run(args: string[]): Promise<void> {
  const work = path.resolve(arg(args, '--work', path.join(os.tmpdir(), 'hilum-eval-nih')));
  const epochs = Number(arg(args, '--epochs', '8'));
  const resamples = Number(arg(args, '--resamples', '2000'));
  const nearLimit = Number(arg(args, '--near-limit', '300'));
  const seed = 1;
  const started = performance.now();
  const store = openStore({ dataDir: path.join(work, 'data') });
  const host = new WorkerHost();
  try {
    const has = (name: string) => store.sqlite.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined;
    if (!has('nih')) {
      await importDatasetIntoStore(store, {
        name: 'nih',
        format: 'nih',
        root: path.join(shared, 'nih-cxr14-subset-64px'),
        size: 64,
        threads: 1,
      });
      splitDataset(store, { name: 'nih', seed });
    }
    if (!has('kermany')) {
      // The first N files of the folder reader's order (NORMAL before PNEUMONIA): pediatric radiographs, labels unused.
      await importDatasetIntoStore(store, {
        name: 'kermany',
        format: 'folders',
        root: path.join(shared, 'kermany-pediatric-224px', 'train'),
        size: 64,
        threads: 1,
        limit: nearLimit,
        formatOptions: { folders: { normalClass: 'NORMAL' } },
        patientNamespace: 'kermany',
      });
    }
    // `hilum train --dataset`: standardised inputs (fitted on the training split, recorded in run.json) and
    // fan-in-uniform initialisation: with raw [0, 1] pixels and trunc-normal(0.02) weights a small ViT trained
    // from scratch stays at the label prior (see src-worker/model/initVitParams.ts).
    const t0 = performance.now();
    const run = await trainFromDataset(store, host, {
      dataset: 'nih',
      actor: 'bench/eval-nih',
      config: {
        model: { preset: 'vit-micro', imageSize: 64, patchSize: 8, width: 64, depth: 4, heads: 4, mlpRatio: 2 },
        epochs,
        batchSize: 32,
        microBatch: 32,
        lr: 1e-3,
        minLr: 1e-5,
        warmupEpochs: 1,
        weightDecay: 0.05,
        clipNorm: 1,
        ema: 0.99,
        swaEpochs: 0,
        loss: { name: 'bce' },
        seed,
        weightInit: 'fanInUniform',
      },
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const trained = run.result as { epochsRun: number; backend: string; bestEpoch: number | null; bestMacroAuroc: number | null };

    // `hilum bundle --run`: ONNX export behind the parity gate, decision rules fitted on validation only.
    const bundled = await bundleRun(store, host, {
      runId: run.run,
      weights: 'best',
      threshold: { kind: 'maxF1' },
      abstention: { kind: 'band', halfWidth: 0.1 },
      actor: 'bench/eval-nih',
    });
    const fit = bundled.fit;
    const bundle = { parityMaxAbsDiff: bundled.parityMaxAbsDiff };

    const evaluated = await runEvaluation(store, host, {
      model: bundled.bundle,
      dataset: 'nih',
      split: 'test',
      external: false,
      reportDir: path.join(work, 'report'),
      resamples,
      seed,
      oodNear: 'kermany',
      oodFar: path.join(shared, 'dicom'),
      odin: { temperature: 1000, epsilon: 'auto' },
    });
    printStudy(evaluated.report, fit, trained, trainSeconds, bundle.parityMaxAbsDiff, work);
    console.log(
      `\nend-to-end ${((performance.now() - started) / 1000).toFixed(0)} s, of which training ${trainSeconds.toFixed(0)} s (one run, for context: ratio eval+rest / train ${((performance.now() - started) / 1000 / trainSeconds - 1).toFixed(2)})`,
    );
  } finally {
    await host.close();
    store.close();
  }
}

type Fit = Awaited<ReturnType<typeof bundleRun>>['fit'];
const f3 = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(3));

function printStudy(
  report: Awaited<ReturnType<typeof runEvaluation>>['report'],
  fit: Fit,
  trained: { epochsRun: number; backend: string; bestEpoch?: number | null; bestMacroAuroc?: number | null },
  trainSeconds: number,
  parity: number | null,
  work: string,
): void {
  const m = report.metrics as {
    macro: { auroc: { value: number | null; ci95?: [number, number] } };
    perLabel: Record<string, { positives: number; auroc: { value: number | null; ci95?: [number, number] } }>;
  };
  console.log(
    `model: ViT 64 px, patch 8, width 64, depth 4, heads 4; ${trained.epochsRun} epochs on ${trained.backend} in ${trainSeconds.toFixed(0)} s; best val macro-AUROC ${f3(trained.bestMacroAuroc)} (epoch ${trained.bestEpoch ?? '-'}); ONNX parity max |Δlogit| ${parity?.toExponential(2)}`,
  );
  console.log(
    `test: ${report.dataset.images} images, ${report.dataset.patients} patients; macro-AUROC ${f3(m.macro.auroc.value)} (95% CI ${f3(m.macro.auroc.ci95?.[0])}–${f3(m.macro.auroc.ci95?.[1])})`,
  );
  console.log('\nTemperature scaling (fitted on validation; test ECE = 15 equal-width bins)');
  console.log('label                 T      valNLL before  after   testECE before  after   test pos');
  const test = (report.calibration as { testSet?: Record<string, { before: { ece?: number }; after: { ece?: number } }> }).testSet ?? {};
  const nllB: number[] = [];
  const nllA: number[] = [];
  const eceB: number[] = [];
  const eceA: number[] = [];
  for (const label of Object.keys(fit.calibration.temperatures)) {
    const tf = fit.temperatureFits[label];
    const te = test[label];
    if (tf) (nllB.push(tf.nllBefore), nllA.push(tf.nllAfter));
    if (te?.before.ece !== undefined && te.after.ece !== undefined) (eceB.push(te.before.ece), eceA.push(te.after.ece));
    console.log(
      `${label.padEnd(20)} ${tf ? tf.temperature.toFixed(2).padStart(5) : '  n/f'}   ${f3(tf?.nllBefore).padStart(8)}  ${f3(tf?.nllAfter).padStart(7)}   ${f3(te?.before.ece).padStart(8)}  ${f3(te?.after.ece).padStart(7)}   ${m.perLabel[label]?.positives ?? 0}`,
    );
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  console.log(
    `${'macro'.padEnd(20)}         ${f3(mean(nllB)).padStart(8)}  ${f3(mean(nllA)).padStart(7)}   ${f3(mean(eceB)).padStart(8)}  ${f3(mean(eceA)).padStart(7)}   (NLL over ${nllB.length} fitted labels, ECE over ${eceB.length})`,
  );
  if (fit.unfitted.length) console.log(`not fitted on validation: ${fit.unfitted.map((u) => `${u.label} ${u.what}`).join(', ')}`);
  console.log(
    '\nOOD detection (in-distribution = NIH test split; AUROC and FPR@95%TPR with 95% percentile bootstrap CI, ID and OOD resampled independently)',
  );
  console.log('set   n    detector         AUROC  (95% CI)          FPR@95TPR (95% CI)');
  for (const set of report.ood.sets) {
    for (const [d, e] of Object.entries(set.detectors)) {
      if (!e || !('auroc' in e)) continue;
      console.log(
        `${set.name.padEnd(5)} ${String(set.cases).padEnd(4)} ${d.padEnd(16)} ${f3(e.auroc.value)}  (${f3(e.auroc.ci95[0])}–${f3(e.auroc.ci95[1])})   ${f3(e.fprAt95Tpr.value)} (${f3(e.fprAt95Tpr.ci95[0])}–${f3(e.fprAt95Tpr.ci95[1])})`,
      );
    }
    if (set.files) console.log(`      decoded: ${set.files.map((f) => path.basename(f)).join(', ')}`);
    if (set.rejectedFiles)
      console.log(
        `      not decodable (${set.rejectedFiles.length}): ${set.rejectedFiles.map((r) => `${path.basename(r.file)}`).join(', ')}`,
      );
  }
  console.log(`ODIN: ${(report.ood.definitions as { odin: string }).odin}`);
  console.log(`\nreport: ${path.join(work, 'report')}`);
}
