// runs.*: curve points from the real training job's progress events (a tiny synthetic run of vit-micro on
// the cpu backend), and a real run on 60 NIH images (32 px) in a worker thread, driven through the channels.
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
import { runTrainJob } from '../../../src-worker/jobs/train';
import { sharedDataDir } from '../../helpers/paths';
import { signedInContext } from './session/signedInContext';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-runs-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
let ctx: SessionCallContext;
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
    expect(unsplit).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('split "train"') } });
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
    expect(runs).toEqual([expect.objectContaining({ id: runId, status: 'succeeded' })]);
    // The arrays were standardised by the worker job, and run.json records that preprocessing.
    const runJson = JSON.parse(fs.readFileSync(path.join(runs[0]!.outDir, 'run.json'), 'utf8'));
    expect(runJson.config.preprocessing).toMatchObject({
      imageSize: 32,
      normalization: { mean: expect.any(Number), std: expect.any(Number) },
    });
    expect(runJson.config.preprocessing.normalization.std).toBeGreaterThan(0);
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
  });
});
