// Two real bundles trained on Kermany radiographs: eval and compare of their ensemble (mean of calibrated logits,
// recomputed here from each bundle's own stored outputs), and the report's calibration at the deployment prevalence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAbstentionRule, parseThresholdRule } from '../../../src-core/bundle/parseDecisionRules';
import { calibrationAtPrevalence } from '../../../src-core/metrics/calibration/calibrationAtPrevalence';
import { bundleRun, type BundledRun } from '../../../src-main/bundle/bundleRun';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import { compareModels } from '../../../src-main/evaluation/compareModels';
import { runEvaluation } from '../../../src-main/evaluation/runEvaluation';
import { folderSubsetLabels } from '../../../src-main/recipes/folderSubsetLabels';
import { trainFromDataset } from '../../../src-main/runs/trainFromDataset';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';
import { sharedDataDir } from '../../helpers/paths';

const kermany = path.join(sharedDataDir, 'kermany-pediatric-224px', 'train');
let tmp: string;
let store: Store;
const host = new WorkerHost();
const bundles: BundledRun[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-ensemble-'));
  store = openStore({ dataDir: path.join(tmp, 'data') });
  // 80 normal and 80 pneumonia images (the first of each folder), as a recipe's perClassLimit takes them.
  const subset = folderSubsetLabels(kermany, 80, path.join(tmp, 'labels.csv'), { normalClass: 'NORMAL' });
  await importDatasetIntoStore(store, {
    name: 'kermany',
    format: 'csv',
    root: kermany,
    size: 32,
    threads: 0,
    formatOptions: { mapping: subset.mapping },
  });
  splitDataset(store, { name: 'kermany', seed: 2, fractions: { train: 0.5, val: 0.25, test: 0.25 } });
  for (const [seed, prior] of [
    [1, { PNEUMONIA: 0.1 }],
    [2, null],
  ] as const) {
    const run = await trainFromDataset(store, host, { dataset: 'kermany', preset: 'vit-micro', epochs: 2, seed, actor: 'test' });
    bundles.push(
      await bundleRun(store, host, {
        runId: run.run,
        weights: 'last',
        threshold: parseThresholdRule('youden'),
        abstention: parseAbstentionRule('none'),
        actor: 'test',
        ...(prior ? { priorShift: { method: 'known' as const, target: prior } } : {}),
      }),
    );
  }
}, 400_000);

afterAll(async () => {
  await host.close();
  store?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function storedLogits(evaluationId: number): number[] {
  const rows = store.sqlite
    .prepare(`SELECT logits_json AS logits FROM evaluation_outputs WHERE evaluation_id = ? AND role = 'eval' ORDER BY image_id`)
    .all(evaluationId) as Array<{ logits: string }>;
  return rows.map((r) => (JSON.parse(r.logits) as number[])[0]!);
}

const readJson = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));

describe.skipIf(!fs.existsSync(kermany))('ensembles and the deployment prevalence', () => {
  const common = { dataset: 'kermany', split: 'test' as const, external: false, resamples: 1000, seed: 1 };
  it('evaluates two bundles as an ensemble: the mean of their calibrated logits, compared paired with one of them', async () => {
    const [a, b] = bundles as [BundledRun, BundledRun];
    const single = await Promise.all(
      [a, b].map((x, i) => runEvaluation(store, host, { ...common, model: x.bundle, reportDir: path.join(tmp, `single-${i}`) })),
    );
    const ensemble = await runEvaluation(store, host, { ...common, model: [a.bundle, b.bundle], reportDir: path.join(tmp, 'ensemble') });
    expect(ensemble.report.model.kind).toBe('ensemble');
    expect(ensemble.report.model.ensemble?.members.map((m) => m.hash)).toEqual([a.hash, b.hash]);
    // Independent recomputation from each bundle's files and its own stored raw logits.
    const calibrated = [a, b].map((x, i) => {
      const cal = readJson(x.bundle, 'calibration.json');
      const shift = cal.priorShift
        ? Math.log(cal.priorShift.target.PNEUMONIA / (1 - cal.priorShift.target.PNEUMONIA)) -
          Math.log(cal.priorShift.source.PNEUMONIA / (1 - cal.priorShift.source.PNEUMONIA))
        : 0;
      return storedLogits(single[i]!.evaluationId).map((z) => z / cal.temperatures.PNEUMONIA + shift);
    });
    const mean = calibrated[0]!.map((z, i) => (z + calibrated[1]![i]!) / 2);
    const got = storedLogits(ensemble.evaluationId);
    expect(got).toHaveLength(mean.length);
    got.forEach((z, i) => expect(z).toBeCloseTo(mean[i]!, 9));
    expect('reason' in ensemble.report.operatingPoints).toBe(true);

    const compared = await compareModels(store, host, { ...common, models: [`${a.bundle},${b.bundle}`, a.bundle], actor: 'test' });
    expect(compared.a.kind).toBe('ensemble');
    expect(compared.a.hash).toBe(ensemble.report.model.hash);
    expect(compared.perLabel.PNEUMONIA!.delong.aurocA).toBeCloseTo(
      (ensemble.report.metrics as { perLabel: Record<string, { auroc: { value: number } }> }).perLabel.PNEUMONIA!.auroc.value,
      9,
    );
  }, 300_000);

  it('reports calibration at the prevalence the bundle targets beside the test set’s own', async () => {
    const a = bundles[0]!;
    const r = await runEvaluation(store, host, { ...common, model: a.bundle, reportDir: path.join(tmp, 'prior') });
    const cal = (r.report.calibration as { testSet: Record<string, Record<string, unknown>> }).testSet.PNEUMONIA!;
    const deployment = cal.atDeploymentPrevalence as {
      prevalence: number;
      afterTemperature: { ece: number };
      afterPriorShift: { ece: number; brier: number };
    };
    expect(deployment.prevalence).toBe(0.1);
    expect(cal.testSetPrevalence).toBeGreaterThan(0.3);
    // The same weighting from the stored logits and the labels of the evaluated images.
    const labels = store.sqlite
      .prepare(
        `SELECT l.state AS y FROM evaluation_outputs o JOIN dataset_labels l ON l.image_id = o.image_id
         WHERE o.evaluation_id = ? AND o.role = 'eval' AND l.label = 'PNEUMONIA' ORDER BY o.image_id`,
      )
      .all(r.evaluationId) as Array<{ y: number }>;
    const calFile = readJson(a.bundle, 'calibration.json');
    const offset = Math.log(0.1 / 0.9) - Math.log(calFile.priorShift.source.PNEUMONIA / (1 - calFile.priorShift.source.PNEUMONIA));
    const z = Float64Array.from(storedLogits(r.evaluationId), (v) => v / calFile.temperatures.PNEUMONIA + offset);
    const expected = calibrationAtPrevalence(
      z,
      Float64Array.from(labels, (l) => l.y),
      0.1,
    );
    expect(deployment.afterPriorShift.ece).toBeCloseTo(expected.ece, 12);
    expect(deployment.afterPriorShift.brier).toBeCloseTo(expected.brier, 12);
    expect(deployment.afterTemperature.ece).not.toBeCloseTo(deployment.afterPriorShift.ece, 6);
    // Operating points at the bundle's threshold use what it serves, σ(z / T + offset): the threshold was fitted on those.
    const threshold = readJson(a.bundle, 'thresholds.json').thresholds.PNEUMONIA as number;
    const positive = Array.from(z, (v) => 1 / (1 + Math.exp(-v)) >= threshold);
    const rate = (y: number, call: boolean) =>
      labels.filter((l, i) => l.y === y && positive[i] === call).length / labels.filter((l) => l.y === y).length;
    const raw = (r.report.operatingPoints as { perLabel: Record<string, { raw: Record<string, { value: number }> }> }).perLabel.PNEUMONIA!
      .raw;
    expect(raw.sensitivity!.value).toBeCloseTo(rate(1, true), 12);
    expect(raw.specificity!.value).toBeCloseTo(rate(0, false), 12);
  }, 300_000);
});
