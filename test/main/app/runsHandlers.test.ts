// runs.*: curve points from the real training job's progress events (a tiny synthetic run of vit-micro on
// the cpu backend), and a real run on 60 NIH images (32 px) in a worker thread, driven through the channels: a
// stored training run with its lineage (as `hilum train --dataset`), then bundled and registered, then evaluated.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../src-core/contracts/bridge';
import { jobs, type JobProgress } from '../../../src-core/contracts/jobs';
import { createAppHandlers } from '../../../src-main/app/createAppHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { toMetricPoints } from '../../../src-main/app/runs/toMetricPoints';
import type { SessionCallContext } from '../../../src-main/app/session/SessionCallContext';
import { createFirstAdmin, createUser } from '../../../src-main/governance/userAccounts';
import { listModels, loadModelMetrics } from '../../../src-main/governance/modelRegistry';
import { listRunRecords } from '../../../src-main/runs/runRecords';
import { auditEvents } from '../../../src-main/store/schema/governance';
import { evaluations } from '../../../src-main/store/schema/evaluation';
import { runTrainJob } from '../../../src-worker/jobs/train';
import { sharedDataDir } from '../../helpers/paths';
import { signedInContext } from './session/signedInContext';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-runs-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
let ctx: SessionCallContext;
let trainedRun = '';
async function call<T = unknown>(channel: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(async () => {
  // Every channel is guarded: an engineer (runs.start is open to builders) signs in first.
  const admin = createFirstAdmin(services.store(), { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  createUser(services.store(), admin, { username: 'erin', fullName: 'Erin Engineer', role: 'engineer', password: 'engineer password 1' });
  ctx = await signedInContext(handlers, 'erin', 'engineer password 1');
});

afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type JobEnd = { status: string; error: unknown; events: Array<{ data?: Record<string, unknown> }> };
/** Polls a tracked job until it ends; every event it reported, and its end. */
async function jobEnd(jobId: string): Promise<JobEnd> {
  const events: JobEnd['events'] = [];
  let answer: JobEnd & { events: Array<{ seq: number; data?: Record<string, unknown> }> };
  do {
    await new Promise((resolve) => setTimeout(resolve, 250));
    answer = await call('jobs.events', { jobId, after: (events.at(-1) as { seq?: number } | undefined)?.seq ?? -1 });
    events.push(...answer.events);
  } while (answer.status === 'running');
  return { status: answer.status, error: answer.error, events };
}

describe('runs', () => {
  it("turns the training job's step and epoch events into loss and validation points", async () => {
    const events: Array<JobProgress & { seq: number }> = [];
    await runTrainJob(
      {
        config: {
          model: { preset: 'vit-micro' },
          data: { source: 'synthetic', synthetic: { size: 16, valSize: 8, seed: 1 } },
          epochs: 2,
          batchSize: 8,
          backend: 'cpu',
          outDir: path.join(dataDir, 'probe'),
        },
      },
      { id: 'probe', signal: new AbortController().signal, progress: (p) => events.push({ ...p, seq: events.length }) },
    );
    const points = toMetricPoints(events);
    const loss = points.filter((p) => p.name === 'loss');
    const stepEvents = events.filter((e) => e.data?.type === 'step');
    expect(loss.map((p) => p.value)).toEqual(stepEvents.map((e) => e.data!.loss));
    expect(loss.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    const auroc = points.filter((p) => p.name === 'macro AUROC');
    expect(auroc.map((p) => p.epoch)).toEqual([1, 2]);
    for (const p of auroc) expect(p).toMatchObject({ split: 'val', step: expect.any(Number) });
    expect(auroc.every((p) => p.value >= 0 && p.value <= 1)).toBe(true);
    expect(points.filter((p) => p.name === 'epoch loss')).toHaveLength(2);
  });

  it("trains on a stored dataset's splits in a worker and streams loss and validation points", async () => {
    expect(Object.prototype.hasOwnProperty.call(jobs, 'model.train')).toBe(true);
    const imported = await call<{ jobId: string }>('datasets.import', {
      name: 'nih-run',
      format: 'nih',
      sourcePath: path.join(sharedDataDir, 'nih-cxr14-subset-64px'),
      imageSize: 32,
      limit: 60,
    });
    await vi.waitFor(
      async () => expect((await call<{ status: string }>('jobs.events', { jobId: imported.jobId, after: -1 })).status).toBe('succeeded'),
      { timeout: 60_000, interval: 100 },
    );
    const unsplit = await dispatch(
      handlers,
      'runs.start',
      { kind: 'train', preset: 'vit-micro', datasetId: 'nih-run', epochs: 1, batchSize: 8, learningRate: 0.001, seed: 1 },
      ctx,
    );
    expect(unsplit).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('has no patient split') } });
    await call('datasets.split', { datasetId: 'nih-run', seed: 2 });
    const { runId } = await call<{ runId: string }>('runs.start', {
      kind: 'train',
      preset: 'vit-micro',
      datasetId: 'nih-run',
      epochs: 2,
      batchSize: 8,
      learningRate: 0.001,
      seed: 1,
    });
    type Metrics = {
      run: { status: string; datasetId: string };
      points: Array<{ name: string; split: string; value: number }>;
      lastSeq: number;
      error: unknown;
    };
    const points: Metrics['points'] = [];
    let after = -1;
    let answer: Metrics;
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await call<Metrics>('runs.metrics', { runId, afterSeq: after });
      points.push(...answer.points);
      after = answer.lastSeq;
    } while (answer.run.status === 'running');
    expect(answer.error).toBeNull();
    expect(answer.run).toMatchObject({ status: 'succeeded', datasetId: 'nih-run' });
    expect(points.filter((p) => p.name === 'loss').length).toBeGreaterThan(0);
    expect(points.filter((p) => p.name === 'macro AUROC' && p.split === 'val')).toHaveLength(2);
    const { runs } = await call<{ runs: Array<{ id: string; status: string; outDir: string }> }>('runs.list', {});
    expect(runs).toEqual([expect.objectContaining({ id: runId, status: 'succeeded', preset: 'vit-micro', bundles: [] })]);
    // One path for training: the app's run is the stored training run `hilum runs list` shows, by the signed-in user.
    expect(listRunRecords(services.store()).map((r) => [r.id, r.status, r.createdBy, r.datasetName])).toEqual([
      [runId, 'succeeded', 'erin', 'nih-run'],
    ]);
    trainedRun = runId;
    // The arrays were standardised by the worker job, and run.json records that preprocessing.
    const runJson = JSON.parse(fs.readFileSync(path.join(runs[0]!.outDir, 'run.json'), 'utf8'));
    expect(runJson.config.preprocessing).toMatchObject({
      imageSize: 32,
      normalization: { mean: expect.any(Number), std: expect.any(Number) },
    });
    expect(runJson.config.preprocessing.normalization.std).toBeGreaterThan(0);
  });

  it('bundles the finished run and registers it as a draft model (as `hilum bundle --run --register`), audited as the user', async () => {
    expect(trainedRun).not.toBe('');
    const options = {
      runId: trainedRun,
      weights: 'best',
      threshold: 'max-f1',
      abstention: 'coverage>=0.9',
      modelName: 'nih-micro',
      modelVersion: '1.0.0',
    };
    // A rule the parser refuses is a form error before any job starts.
    expect(await dispatch(handlers, 'runs.bundle', { ...options, threshold: 'sens>=2' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('Threshold rule') },
    });
    const { jobId } = await call<{ jobId: string }>('runs.bundle', options);
    const ended = await jobEnd(jobId);
    expect(ended.error).toBeNull();
    expect(ended.status).toBe('succeeded');
    const models = listModels(services.store());
    expect(models.map((m) => [m.name, m.version, m.status])).toEqual([['nih-micro', '1.0.0', 'draft']]);
    const { runs } = await call<{ runs: Array<{ id: string; bundles: Array<{ hash: string; modelId: string | null }> }> }>('runs.list', {});
    expect(runs[0]!.bundles).toEqual([
      expect.objectContaining({ hash: models[0]!.bundleHash, modelId: models[0]!.id, model: 'nih-micro 1.0.0' }),
    ]);
    expect(ended.events.at(-1)?.data).toMatchObject({ modelId: models[0]!.id, bundleHash: models[0]!.bundleHash });
    const actions = services
      .store()
      .db.select()
      .from(auditEvents)
      .all()
      .filter((e) => e.actor === 'erin')
      .map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['bundle.create', 'model.register']));
  });

  it("evaluates the registered model's bundle on the test split and records it as the model's evaluation", async () => {
    const model = listModels(services.store())[0]!;
    expect(await dispatch(handlers, 'runs.evaluate', { modelId: 'no-such-model', datasetId: 'nih-run', split: 'test' }, ctx)).toMatchObject(
      {
        ok: false,
        error: { code: 'NOT_FOUND' },
      },
    );
    const { jobId } = await call<{ jobId: string }>('runs.evaluate', { modelId: model.id, datasetId: 'nih-run', split: 'test' });
    const ended = await jobEnd(jobId);
    expect(ended.error).toBeNull();
    const stored = services.store().db.select().from(evaluations).all();
    expect(stored.map((e) => [e.modelKind, e.modelHash, e.split])).toEqual([['bundle', model.bundleHash, 'test']]);
    expect(Object.keys(loadModelMetrics(services.store(), model.id).evaluation ?? {})).toEqual(['test']);
  });

  it('cancels a training run: the worker job stops and the stored run is cancelled, not failed', async () => {
    const { runId } = await call<{ runId: string }>('runs.start', {
      kind: 'train',
      preset: 'vit-micro',
      datasetId: 'nih-run',
      epochs: 200,
      batchSize: 8,
      learningRate: 0.001,
      seed: 1,
    });
    expect(await call('runs.cancel', { runId })).toEqual({ cancelRequested: true });
    let answer: { run: { status: string }; error: { code: string } | null };
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await call('runs.metrics', { runId, afterSeq: -1 });
    } while (answer.run.status === 'running');
    expect(answer.run.status).toBe('cancelled');
    expect(answer.error?.code).toBe('CANCELLED');
    expect(listRunRecords(services.store()).find((r) => r.id === runId)?.status).toBe('cancelled');
  });

  it('names unknown runs and rejects bad configs', async () => {
    expect(await dispatch(handlers, 'runs.metrics', { runId: 'nope', afterSeq: -1 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await dispatch(
        handlers,
        'runs.start',
        { kind: 'train', preset: 'vit-huge', datasetId: 'x', epochs: 1, batchSize: 8, learningRate: 0.001, seed: 1 },
        ctx,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    // WebGPU computes fine-tuning gradients only; a pretraining run asking for it is refused before anything starts
    expect(
      await dispatch(
        handlers,
        'runs.start',
        {
          kind: 'pretrain',
          preset: 'vit-micro',
          datasetId: 'nih-run',
          epochs: 1,
          batchSize: 8,
          learningRate: 0.001,
          seed: 1,
          compute: 'webgpu',
        },
        ctx,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/fine-tuning runs/) } });
  });

  it('a WebGPU fine-tuning run outside the desktop app fails with the reason no adapter came up, stored as failed', async () => {
    const { runId } = await call<{ runId: string }>('runs.start', {
      kind: 'train',
      preset: 'vit-micro',
      datasetId: 'nih-run',
      epochs: 1,
      batchSize: 8,
      learningRate: 0.001,
      seed: 1,
      compute: 'webgpu',
    });
    let answer: { run: { status: string }; error: { code: string; message: string } | null };
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await call('runs.metrics', { runId, afterSeq: -1 });
    } while (answer.run.status === 'running');
    expect(answer.run.status).toBe('failed');
    expect(answer.error?.message).toMatch(/webgpu/i);
    const stored = listRunRecords(services.store()).find((r) => r.id === runId)!;
    expect(JSON.parse(stored.configJson)).toMatchObject({ backend: 'webgpu', engine: 'tfjs' });
  });
});
