import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeSafetensors } from '../../../src-core/safetensors';
import { runEvaluation } from '../../../src-main/evaluation/runEvaluation';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { microBundleSpec } from '../../fixtures/onnx/microBundleSpec';
import { makeMicroBundle } from '../bundle/makeMicroBundle';
import { importEvaluationDatasets } from '../app/realEvaluation';
import { pairCountAuroc, recomputeOodScores } from './recomputeOodScores';
import type { MahalanobisParams } from '../../../src-core/bundle/bundleFiles';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';

let tmp: string;
let store: Store;
let bundleDir: string;
let mahalanobisParams: MahalanobisParams;
const host = new WorkerHost();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-eval-'));
  store = openStore({ dataDir: path.join(tmp, 'data') });
  // 80 real NIH radiographs at the micro model's 32 px, split patient-disjoint; 12 pediatric ones as near-OOD.
  await importEvaluationDatasets(store);
  bundleDir = path.join(tmp, 'bundle');
  mahalanobisParams = (await makeMicroBundle(bundleDir)).spec.ood.mahalanobis!.params;
}, 120_000);

afterAll(async () => {
  await host.close();
  store?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const parseSvg = (text: string) => {
  expect(text.startsWith('<svg')).toBe(true);
  expect(text.trimEnd().endsWith('</svg>')).toBe(true);
  // Every opened element is closed (well-formed enough for a browser and for PDF embedding).
  const opened = (text.match(/<(?!\/)(?!\?)[a-zA-Z][^>]*[^/]>/g) ?? []).length;
  const closed = (text.match(/<\/[a-zA-Z]+>/g) ?? []).length;
  expect(opened).toBe(closed);
  return (text.match(/<path [^>]*d="M[^"]+"/g) ?? []).length;
};

/** The report's per-image OOD scores equal an independent recomputation, and reproduce the report's own OOD AUROCs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectStoredOodScores(evaluationId: number, report: any): void {
  expect(report.ood.scores.sets.map((s: { name: string; cases: number }) => [s.name, s.cases])).toEqual([
    ['in-distribution', report.dataset.images],
    ['near', 12],
  ]);
  expect(report.ood.operatingThresholds.thresholds).toEqual({ energy: 1e6, mahalanobis: expect.any(Number) });
  for (const [set, role] of [
    [report.ood.scores.sets[0], 'eval'],
    [report.ood.scores.sets[1], 'near'],
  ]) {
    expect(Object.keys(set.detectors).sort()).toEqual(['energy', 'mahalanobis', 'maxLogit', 'maxProbability', 'odin']);
    const recomputed = recomputeOodScores(store, evaluationId, role, mahalanobisParams);
    for (const [detector, values] of Object.entries(recomputed)) {
      const stored = set.detectors[detector] as number[];
      expect(stored).toHaveLength(values.length);
      // 9 significant digits stored; features are float32 in both paths.
      stored.forEach((v, i) =>
        expect(Math.abs(v - values[i]!), `${role} ${detector} #${i}`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(values[i]!))),
      );
    }
    // ODIN needs the perturbed forward pass: its scores are in ODIN's range −σ(z̃/T) ∈ (−1, 0) and non-constant.
    const odin = set.detectors.odin as number[];
    expect(odin.every((v) => v > -1 && v < 0)).toBe(true);
    expect(new Set(odin).size).toBeGreaterThan(1);
  }
  const near = report.ood.sets.find((s: { name: string }) => s.name === 'near');
  for (const detector of ['energy', 'maxLogit', 'maxProbability', 'mahalanobis', 'odin']) {
    const auroc = pairCountAuroc(report.ood.scores.sets[0].detectors[detector], report.ood.scores.sets[1].detectors[detector]);
    expect(auroc, detector).toBeCloseTo(near.detectors[detector].auroc.value, 9);
  }
}

describe('runEvaluation', () => {
  it('evaluates a bundle on the test split: report keys, stored rows, SVG plots with plotted paths, OOD with CIs', async () => {
    const reportDir = path.join(tmp, 'report-bundle');
    const result = await runEvaluation(store, host, {
      model: bundleDir,
      dataset: 'nih',
      split: 'test',
      external: false,
      reportDir,
      resamples: 1000,
      seed: 3,
      oodNear: 'peds',
      odin: { temperature: 1000, epsilon: 'auto' },
    });
    const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8'));
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['model', 'dataset', 'metrics', 'calibration', 'ood']));
    expect(report.model.kind).toBe('bundle');
    expect(report.dataset.split).toBe('test');
    expect(Object.keys(report.metrics)).toEqual(
      expect.arrayContaining(['perLabel', 'macro', 'micro', 'calibration', 'selectivePrediction', 'subgroups']),
    );
    expect(report.calibration.temperatures).toBeDefined();
    const near = report.ood.sets.find((s: { name: string }) => s.name === 'near');
    expect(near.cases).toBe(12);
    expect(report.ood.definitions.odin).toMatch(/chosen on \d+ in-distribution validation images/);
    for (const d of ['energy', 'maxLogit', 'maxProbability', 'mahalanobis', 'odin']) {
      const a = near.detectors[d].auroc;
      expect(a.value).toBeGreaterThanOrEqual(0);
      expect(a.ci95[0]).toBeLessThanOrEqual(a.value);
      expect(a.ci95[1]).toBeGreaterThanOrEqual(a.value);
    }
    const images = report.dataset.images as number;
    const rows = store.sqlite
      .prepare(
        'SELECT role, COUNT(*) AS n, MIN(length(features)) AS bytes FROM evaluation_outputs WHERE evaluation_id = ? GROUP BY role ORDER BY role',
      )
      .all(result.evaluationId) as Array<{ role: string; n: number; bytes: number }>;
    expect(rows).toEqual([
      { role: 'eval', n: images, bytes: 32 * 4 },
      { role: 'near', n: 12, bytes: 32 * 4 },
    ]);
    const stored = store.sqlite
      .prepare('SELECT model_hash AS hash, split, image_count AS n, report_json AS json FROM evaluations WHERE id = ?')
      .get(result.evaluationId) as { hash: string; split: string; n: number; json: string };
    expect(stored.split).toBe('test');
    expect(stored.n).toBe(images);
    expect(JSON.parse(stored.json).model.hash).toBe(stored.hash);
    const logits = JSON.parse(
      (
        store.sqlite
          .prepare("SELECT logits_json AS l FROM evaluation_outputs WHERE evaluation_id = ? AND role = 'eval' LIMIT 1")
          .get(result.evaluationId) as { l: string }
      ).l,
    );
    expect(logits).toHaveLength(14);

    expectStoredOodScores(result.evaluationId, report);

    const plots = result.files.filter((f) => f.endsWith('.svg'));
    expect(plots).toEqual(
      expect.arrayContaining([
        'plots/coverage-risk.svg',
        'plots/ood-energy.svg',
        'plots/ood-mahalanobis.svg',
        'plots/ood-odin.svg',
        'plots/subgroups-forest.svg',
      ]),
    );
    expect(plots.some((f) => f.startsWith('plots/roc-'))).toBe(true);
    expect(plots.some((f) => f.startsWith('plots/reliability-'))).toBe(true);
    for (const f of plots) expect(parseSvg(fs.readFileSync(path.join(reportDir, f), 'utf8'))).toBeGreaterThan(3);
  }, 120_000);

  it('exports a checkpoint with --config behind the parity gate and evaluates it uncalibrated', async () => {
    const config = microBundleSpec().config;
    const ckpt = path.join(tmp, 'micro.safetensors');
    fs.writeFileSync(ckpt, serializeSafetensors(hashedVitWeights(config)));
    const configFile = path.join(tmp, 'model.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({ model: { preset: 'vit-micro', imageSize: config.imageSize, numClasses: config.numClasses } }),
    );
    const result = await runEvaluation(store, host, {
      model: ckpt,
      configFile,
      dataset: 'nih',
      split: 'val',
      external: false,
      reportDir: path.join(tmp, 'report-ckpt'),
      resamples: 1000,
      seed: 1,
    });
    expect(result.report.model.kind).toBe('checkpoint');
    expect(result.report.model.onnxParityMaxAbsDiff).toBeLessThan(1e-4);
    expect(result.report.calibration).toHaveProperty('reason');
    expect(result.report.ood.mahalanobis).toMatch(/training-split/);
  }, 120_000);

  it('refuses a model path it does not recognise and a checkpoint without --config', async () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty, { recursive: true });
    await expect(
      runEvaluation(store, host, {
        model: empty,
        dataset: 'nih',
        split: 'test',
        external: false,
        reportDir: path.join(tmp, 'r1'),
        resamples: 1000,
        seed: 1,
      }),
    ).rejects.toMatchObject({ code: 'EVAL_MODEL_UNRECOGNISED' });
    fs.writeFileSync(path.join(tmp, 'w.safetensors'), serializeSafetensors(hashedVitWeights(microBundleSpec().config)));
    await expect(
      runEvaluation(store, host, {
        model: path.join(tmp, 'w.safetensors'),
        dataset: 'nih',
        split: 'test',
        external: false,
        reportDir: path.join(tmp, 'r2'),
        resamples: 1000,
        seed: 1,
      }),
    ).rejects.toMatchObject({ code: 'EVAL_MODEL_UNRECOGNISED' });
    await expect(
      runEvaluation(store, host, {
        model: bundleDir,
        dataset: 'nih',
        split: 'test',
        external: true,
        reportDir: path.join(tmp, 'r3'),
        resamples: 1000,
        seed: 1,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  }, 60_000);
});
