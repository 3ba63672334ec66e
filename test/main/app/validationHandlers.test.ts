// validation.* and fairness.* over a stored evaluation: a real `hilum metrics` report (computeMetricsReport)
// recorded through governance, read back through dispatch. The numbers are the report's own (the metrics are
// checked against sklearn by their owners); this test checks the mapping and the errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-core/contracts/bridge';
import { computeMetricsReport } from '../../../src-core/metrics/report/computeMetricsReport';
import { bootstrapOodEvaluation } from '../../../src-main/evaluation/bootstrapOodEvaluation';
import { createAppHandlers } from '../../../src-main/app/createAppHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { recordModelMetrics, registerModel } from '../../../src-main/governance/modelRegistry';
import { createFirstAdmin, createUser } from '../../../src-main/governance/userAccounts';
import type { SessionCallContext } from '../../../src-main/app/session/SessionCallContext';
import { signedInContext } from './session/signedInContext';
import { syntheticEvaluationTables as tables } from './syntheticEvaluationTables';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-validation-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
// Every channel needs a signed-in user: an engineer reads validation reports (set in beforeAll).
let ctx: SessionCallContext;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let report: any;
let evaluationId = '';
let plainId = '';
let wrappedId = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let ood: any;

beforeAll(async () => {
  const store = services.store();
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  const engineer = createUser(store, admin, {
    username: 'erin',
    fullName: 'Erin Engineer',
    role: 'engineer',
    password: 'engineer password 1',
  });
  const model = registerModel(store, engineer, { name: 'cxr', version: '1', bundlePath: '/b', bundleHash: 'c'.repeat(64) });
  const t = tables();
  report = computeMetricsReport({ ...t, bootstrap: { resamples: 1000, seed: 1 } });
  evaluationId = recordModelMetrics(store, engineer, model.id, 'evaluation', report, 'external').id;
  plainId = recordModelMetrics(
    store,
    engineer,
    model.id,
    'evaluation',
    computeMetricsReport({ predictions: t.predictions, labels: t.labels, bootstrap: { resamples: 1000, seed: 1 } }),
    'internal-test',
  ).id;
  recordModelMetrics(store, engineer, model.id, 'intendedUse', { text: 'triage' });
  // The layout `hilum eval` stores (recordEvaluationMetrics): the metrics report nested under `metrics`.
  const id = Float64Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.3));
  const far = Float64Array.from({ length: 30 }, (_, i) => 1.2 + Math.cos(i * 0.7));
  const oodResult = JSON.parse(JSON.stringify(bootstrapOodEvaluation(id, far, { resamples: 1000, seed: 1 })));
  ood = {
    inDistribution: 'nih test (60 images)',
    definitions: { energy: '−Σ_l log(1+e^{z_l})' },
    sets: [{ name: 'far', source: 'folder dicom', cases: 30, rejected: 2, detectors: { energy: oodResult } }],
  };
  wrappedId = recordModelMetrics(
    store,
    engineer,
    model.id,
    'evaluation',
    {
      model: { kind: 'bundle', ref: '/b', hash: 'c'.repeat(64) },
      dataset: { name: 'nih', split: 'test', images: 60, patients: 60 },
      predictions: 'raw logits (uncalibrated)',
      metrics: report,
      operatingPoints: {},
      calibration: { reason: 'this fixture was made without temperatures' },
      ood,
    },
    'wrapped',
  ).id;
  ctx = await signedInContext(handlers, 'erin', 'engineer password 1');
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

describe('validation channels', () => {
  it('lists only evaluation documents', async () => {
    const { evaluations } = await call<{ evaluations: Array<{ id: string; dataset: string; modelName: string }> }>('validation.list', {});
    expect(evaluations.map((e) => e.dataset).sort()).toEqual(['external', 'internal-test', 'wrapped']);
    expect(evaluations.every((e) => e.modelName === 'cxr')).toBe(true);
  });

  it('maps the stored report: estimates with CIs, reliability bins, temperature, thresholds, coverage–risk', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = await call<any>('validation.report', { evaluationId });
    expect(r).toMatchObject({ dataset: 'external', cases: 120, scoreKind: 'probabilities', resamples: 1000 });
    const effusion = r.labels.find((l: { label: string }) => l.label === 'Effusion');
    const source = report.perLabel.Effusion;
    expect(effusion.positives).toBe(40);
    expect(effusion.auroc).toEqual({ value: source.auroc.value, low: source.auroc.ci95[0], high: source.auroc.ci95[1], reason: null });
    expect(effusion.auroc.low).toBeLessThan(effusion.auroc.value);
    expect(effusion.reliability.length).toBe(
      report.calibration.perLabel.Effusion.equalWidth.bins.filter((b: { count: number }) => b.count > 0).length,
    );
    expect(effusion.reliability.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBe(120);
    expect(effusion.temperature).toBe(report.calibration.temperatureScaling.perLabel.Effusion.temperature.value);
    expect(effusion.thresholds.map((t: { rule: string }) => t.rule)).toEqual(['max Youden J', 'max F1', 'sensitivity ≥ 0.90']);
    expect(effusion.thresholds[2].sensitivity).toBeGreaterThanOrEqual(0.9);
    expect(r.coverageRisk.points.x.length).toBe(report.selectivePrediction.curve.length);
    expect(r.coverageRisk.aurc).toBe(report.selectivePrediction.aurc);
    expect(r.notes.join(' ')).toContain('computed from the stored per-image outputs');
  });

  it('maps subgroups, per label on request, and says when there are none', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const f = await call<any>('fairness.report', { evaluationId, label: 'Pneumonia' });
    expect(f.attributes).toEqual(['sex']);
    expect(f.macroAuroc.groups.map((g: { group: string }) => g.group).sort()).toEqual(['F', 'M']);
    expect(f.macroAuroc.gaps[0]).toMatchObject({ attribute: 'sex', groupsCompared: 2 });
    expect(f.label.name).toBe('Pneumonia');
    expect(f.label.sensitivity.groups.length).toBe(2);
    const none = await call<{ reason: string | null; macroAuroc: unknown }>('fairness.report', { evaluationId: plainId });
    expect(none).toMatchObject({ reason: 'no groups file given', macroAuroc: null });
    const missingLabel = await dispatch(handlers, 'fairness.report', { evaluationId, label: 'Hernia' }, ctx);
    expect(missingLabel).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('reads the metrics report nested in a `hilum eval` report', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const wrapped = await call<any>('validation.report', { evaluationId: wrappedId });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const direct = await call<any>('validation.report', { evaluationId });
    expect(wrapped.labels).toEqual(direct.labels);
    expect(wrapped.dataset).toBe('wrapped');
  });

  it('maps the OOD section of a `hilum eval` report, and says when there is none', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = await call<any>('ood.report', { evaluationId: wrappedId });
    expect(r).toMatchObject({ reason: null, inDistribution: 'nih test (60 images)', definitions: { energy: '−Σ_l log(1+e^{z_l})' } });
    const energy = r.sets[0].detectors[0];
    const source = ood.sets[0].detectors.energy;
    expect(energy).toMatchObject({ detector: 'energy', idCases: 60, oodCases: 30, thresholdAt95Tpr: source.thresholdAt95Tpr });
    expect(energy.auroc).toEqual({ value: source.auroc.value, low: source.auroc.ci95[0], high: source.auroc.ci95[1], reason: null });
    expect(r.sets[0]).toMatchObject({ name: 'far', cases: 30, rejected: 2 });
    // This report predates per-image OOD scores: no histograms, and the page is told why.
    expect(r.histograms).toEqual([]);
    expect(r.histogramsNote).toContain('stored before per-image OOD scores were recorded');
    const none = await call<{ reason: string | null; sets: unknown[] }>('ood.report', { evaluationId });
    expect(none.reason).toContain('no OOD section');
    expect(none.sets).toEqual([]);
  });

  it('names unknown evaluations', async () => {
    expect(await dispatch(handlers, 'validation.report', { evaluationId: 'nope' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
