// validation.charts over a real `hilum eval` evaluation (realEvaluation.ts): the per-image figures come from the stored
// outputs through the evaluation.charts worker job; checked against the stored report (AUROC, temperature, OOD
// thresholds) and the dataset's labels; ood.report's histograms from the report's stored per-image scores; the error
// gallery's original files (decoded for the viewer, checked against pngjs); a `hilum metrics` evaluation without
// per-image outputs says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type ResponseOf } from '../../../src-core/contracts/bridge';
import { computeMetricsReport } from '../../../src-core/metrics/report/computeMetricsReport';
import { createAppHandlers } from '../../../src-main/app/createAppHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { recordModelMetrics, registerModel } from '../../../src-main/governance/modelRegistry';
import { createFirstAdmin, createUser } from '../../../src-main/governance/userAccounts';
import { loadSplitRecords } from '../../../src-main/datasets/loadSplitRecords';
import type { SessionCallContext } from '../../../src-main/app/session/SessionCallContext';
import { recordRealEvaluation, type RealEvaluation } from './realEvaluation';
import { signedInContext } from './session/signedInContext';
import { syntheticEvaluationTables } from './syntheticEvaluationTables';

type Charts = ResponseOf<'validation.charts'>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-charts-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
let ctx: SessionCallContext;
let real: RealEvaluation;
let metricsOnlyId = '';
let shifted: RealEvaluation;
let charts: Charts;

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(async () => {
  const store = services.store();
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  const engineer = createUser(store, admin, {
    username: 'erin',
    fullName: 'Erin Engineer',
    role: 'engineer',
    password: 'engineer password 1',
  });
  real = await recordRealEvaluation(store, services.host(), engineer);
  // A second bundle (calibration shifted: same ranking of cases per label) evaluated on the same test split.
  shifted = await recordRealEvaluation(store, services.host(), engineer, {
    name: 'cxr-micro-shifted',
    calibrationShift: 0.5,
    importData: false,
  });
  const other = registerModel(store, engineer, { name: 'table-only', version: '1', bundlePath: '/b', bundleHash: 'd'.repeat(64) });
  metricsOnlyId = recordModelMetrics(
    store,
    engineer,
    other.id,
    'evaluation',
    computeMetricsReport({ ...syntheticEvaluationTables(), bootstrap: { resamples: 1000, seed: 1 } }),
    'synthetic',
  ).id;
  ctx = await signedInContext(handlers, 'erin', 'engineer password 1');
  charts = await call<Charts>('validation.charts', { evaluationId: real.metricsId });
}, 600_000);

afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('validation.charts', () => {
  it('finds the stored run and its test-split outputs; positives and negatives match the dataset labels', () => {
    expect(charts.reason).toBeNull();
    expect(charts.evaluation).toMatchObject({ id: real.evaluationRunId, dataset: 'nih', split: 'test' });
    const records = loadSplitRecords(services.store(), 'nih', 'test');
    expect(charts.evaluation!.cases).toBe(records.imageIds.length);
    const metrics = real.report.metrics as {
      perLabel: Record<string, { positives: number; negatives: number; auroc: { value: number | null } }>;
    };
    for (const label of charts.labels) {
      expect(label.positives).toBe(metrics.perLabel[label.name]!.positives);
      expect(label.negatives).toBe(metrics.perLabel[label.name]!.negatives);
    }
  });

  it('ROC on the grid: from (0, ·) to (1, 1), band around the curve, area close to the report AUROC', () => {
    const metrics = real.report.metrics as { perLabel: Record<string, { auroc: { value: number | null } }> };
    const drawn = charts.labels.filter((l) => l.roc.value.length > 0);
    expect(drawn.length).toBeGreaterThan(0);
    for (const label of drawn) {
      expect(label.roc.value.at(-1)).toBe(1);
      const area = label.roc.value.slice(1).reduce((a, v, g) => a + ((v + label.roc.value[g]!) / 2) * 0.01, 0);
      expect(Math.abs(area - metrics.perLabel[label.name]!.auroc.value!)).toBeLessThan(0.03);
      const inside = label.roc.value.filter((v, g) => label.roc.lower[g]! <= v + 1e-9 && v <= label.roc.upper[g]! + 1e-9).length;
      expect(inside / label.roc.value.length).toBeGreaterThan(0.9);
    }
  });

  it('confident errors are wrong calls ranked by confidence, with the image file and patient', () => {
    const records = loadSplitRecords(services.store(), 'nih', 'test');
    for (const label of charts.labels) {
      const column = records.labelColumns[records.labelNames.indexOf(label.name)]!;
      const truth = (imageId: number | null) => column[records.imageIds.indexOf(imageId!)];
      expect(label.falsePositives.every((e) => truth(e.imageId) === 0 && e.file.length > 0)).toBe(true);
      expect(label.falseNegatives.every((e) => truth(e.imageId) === 1)).toBe(true);
      const fp = label.falsePositives.map((e) => e.probability);
      expect(fp).toEqual([...fp].sort((a, b) => b - a));
    }
    expect(charts.labels.some((l) => l.falsePositives.length + l.falseNegatives.length > 0)).toBe(true);
  });

  it('ood.report: a histogram per detector from the stored scores, the bundle and 95 %-TPR thresholds, the fraction each flags', async () => {
    const r = await call<ResponseOf<'ood.report'>>('ood.report', { evaluationId: real.metricsId });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ood = real.report.ood as any;
    expect(r.histogramsNote).toBeNull();
    expect(r.operatingThresholdsSource).toContain('ood.json');
    expect(r.histograms.map((h) => h.detector)).toEqual(['energy', 'maxProbability', 'maxLogit', 'mahalanobis']);
    const near = ood.sets.find((s: { name: string }) => s.name === 'near');
    for (const h of r.histograms) {
      expect(h.sets.map((s) => [s.name, s.cases])).toEqual([
        ['in-distribution', charts.evaluation!.cases],
        ['near', 12],
      ]);
      for (const set of h.sets) expect(set.density.reduce((a, d) => a + d * h.width, 0)).toBeCloseTo(1, 2);
      const tpr = h.thresholds.find((t) => t.kind === 'tpr95')!;
      expect(tpr).toMatchObject({ set: 'near', inclusive: true });
      expect(tpr.value).toBeCloseTo(near.detectors[h.detector].thresholdAt95Tpr, 6);
      // At the 95 %-TPR threshold chosen on near, the in-distribution fraction flagged is the report's FPR at 95 % TPR.
      expect(tpr.flagged[0]!.fraction).toBeCloseTo(near.detectors[h.detector].fprAt95Tpr.value, 12);
      expect(tpr.flagged[1]!.fraction).toBeGreaterThanOrEqual(0.95);
    }
    const operating = (detector: string) =>
      r.histograms.find((h) => h.detector === detector)!.thresholds.find((t) => t.kind === 'operating');
    expect(operating('maxLogit')).toBeUndefined();
    expect(operating('energy')).toMatchObject({ value: 1e6, flagged: [{ fraction: 0 }, { fraction: 0 }] });
    // The bundle's Mahalanobis threshold flags a case whose stored score is above it: counted here directly.
    const m = operating('mahalanobis')!;
    expect(m.value).toBeCloseTo(ood.operatingThresholds.thresholds.mahalanobis, 6);
    ood.scores.sets.forEach((set: { detectors: { mahalanobis: number[] } }, k: number) => {
      const above = set.detectors.mahalanobis.filter((v) => v > m.value).length / set.detectors.mahalanobis.length;
      expect(m.flagged[k]!.fraction).toBe(above);
    });
  });

  it('paired comparison (as `hilum compare`): same cases, AUROC of A as its report says, zero difference for a recalibrated twin', async () => {
    type Comparison = ResponseOf<'validation.compare'>;
    const c = await call<Comparison>('validation.compare', { evaluationId: real.metricsId, otherEvaluationId: shifted.metricsId });
    expect(c.reason).toBeNull();
    expect(c.cases).toBe(charts.evaluation!.cases);
    const metrics = real.report.metrics as { perLabel: Record<string, { auroc: { value: number | null } }> };
    const defined = c.labels.filter((l) => l.a.value !== null);
    expect(defined.length).toBeGreaterThan(3);
    for (const label of defined) {
      expect(label.a.value).toBeCloseTo(metrics.perLabel[label.name]!.auroc.value!, 10);
      // Calibration shifts per label do not change the ranking of cases, so the AUROC difference is exactly 0.
      expect(label.difference.value).toBeCloseTo(0, 12);
    }
    expect(c.macro?.difference.value).toBeCloseTo(0, 12);
    const refused = await dispatch(handlers, 'validation.compare', { evaluationId: real.metricsId, otherEvaluationId: metricsOnlyId }, ctx);
    expect(refused.ok && (refused.value as Comparison).reason).toMatch(/no per-image outputs/);
  });

  it('case images: the cached model inputs of the listed errors, and only of images the evaluation scored', async () => {
    type Images = ResponseOf<'validation.caseImages'>;
    const ids = charts.labels
      .flatMap((l) => [...l.falsePositives, ...l.falseNegatives])
      .map((c) => c.imageId!)
      .slice(0, 4);
    const { images } = await call<Images>('validation.caseImages', { evaluationId: real.metricsId, imageIds: ids });
    expect(images.map((i) => i.imageId)).toEqual(ids);
    for (const image of images) {
      expect(image.error).toBeNull();
      expect([image.width, image.height]).toEqual([32, 32]);
      const grey = Buffer.from(image.greyBase64, 'base64');
      expect(grey.length).toBe(32 * 32);
      // Min–max scaled: the darkest pixel is 0, the brightest 255.
      expect([Math.min(...grey), Math.max(...grey)]).toEqual([0, 255]);
    }
    const train = loadSplitRecords(services.store(), 'nih', 'train').imageIds[0]!;
    const foreign = await dispatch(handlers, 'validation.caseImages', { evaluationId: real.metricsId, imageIds: [train] }, ctx);
    expect(foreign).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("case original: a scored case's PNG, decoded for the viewer as the file holds it; a moved dataset says the file is gone", async () => {
    type Original = ResponseOf<'validation.caseOriginal'>;
    const c = charts.labels.flatMap((l) => [...l.falsePositives, ...l.falseNegatives])[0]!;
    const original = await call<Original>('validation.caseOriginal', { evaluationId: real.metricsId, imageId: c.imageId });
    expect(original).toMatchObject({ file: c.file, format: 'png', reason: null });
    const pixels = await call<ResponseOf<'validation.casePixels'>>('validation.casePixels', { studyId: original.studyId });
    // Independent decode of the same file (pngjs), luminance in grey levels.
    const store = services.store();
    const root = (store.sqlite.prepare("SELECT root_path AS root FROM datasets WHERE name = 'nih'").get() as { root: string }).root;
    const png = PNG.sync.read(fs.readFileSync(path.join(root, c.file)));
    expect([pixels.columns, pixels.rows, pixels.downsampleFactor]).toEqual([png.width, png.height, 1]);
    const values = new Float32Array(Buffer.from(pixels.pixelsBase64, 'base64').buffer.slice(0));
    const luma = (i: number) => 0.299 * png.data[i * 4]! + 0.587 * png.data[i * 4 + 1]! + 0.114 * png.data[i * 4 + 2]!;
    let worst = 0;
    for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(values[i]! - luma(i)));
    expect(worst).toBeLessThan(0.01);
    // The dataset folder moved away since import (its recorded root no longer exists): the gallery is told why.
    store.sqlite.prepare("UPDATE datasets SET root_path = ? WHERE name = 'nih'").run(path.join(dataDir, 'moved-away'));
    try {
      const gone = await call<Original>('validation.caseOriginal', { evaluationId: real.metricsId, imageId: c.imageId });
      expect(gone).toMatchObject({ studyId: null, format: null });
      expect(gone.reason).toContain('is gone');
      const refused = await dispatch(handlers, 'validation.casePixels', { studyId: original.studyId }, ctx);
      expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    } finally {
      store.sqlite.prepare("UPDATE datasets SET root_path = ? WHERE name = 'nih'").run(root);
    }
    const train = loadSplitRecords(store, 'nih', 'train').imageIds[0]!;
    const foreign = await dispatch(handlers, 'validation.caseOriginal', { evaluationId: real.metricsId, imageId: train }, ctx);
    expect(foreign).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('an evaluation recorded from a `hilum metrics` report has no per-image outputs and says so', async () => {
    const none = await call<Charts>('validation.charts', { evaluationId: metricsOnlyId });
    expect(none.reason).toMatch(/no per-image outputs/);
    expect(none.labels).toEqual([]);
  });
});
