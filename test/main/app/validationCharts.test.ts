// validation.charts over a real `hilum eval` evaluation (realEvaluation.ts): the per-image figures come from the stored
// outputs through the evaluation.charts worker job; checked against the stored report (AUROC, temperature, OOD
// thresholds) and the dataset's labels; a `hilum metrics` evaluation without per-image outputs says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  it('OOD: one histogram per logit detector over the evaluated and near sets, densities summing to 1, the report thresholds', () => {
    expect(charts.oodHistograms.map((h) => h.detector)).toEqual(['energy', 'maxLogit', 'maxProbability']);
    for (const h of charts.oodHistograms) {
      expect(h.sets.map((s) => s.name)).toEqual(['in-distribution', 'near']);
      for (const set of h.sets) expect(set.density.reduce((a, d) => a + d * h.width, 0)).toBeCloseTo(1, 2);
      expect(h.thresholds.map((t) => t.set)).toEqual(['near']);
    }
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

  it('an evaluation recorded from a `hilum metrics` report has no per-image outputs and says so', async () => {
    const none = await call<Charts>('validation.charts', { evaluationId: metricsOnlyId });
    expect(none.reason).toMatch(/no per-image outputs/);
    expect(none.labels).toEqual([]);
  });
});
