// The app's runs as job_runs rows (real SQLite): only jobs that carry a run form are runs, newest first, and a
// finished run's stored history becomes epoch points at the step its epoch ended (ceil(train images / batch) per epoch).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listAppRuns, storedEpochPoints } from '../../../../src-main/app/runs/appRunRecords';
import { openStore } from '../../../../src-main/store/openStore';
import { jobRuns } from '../../../../src-main/store/schema/system';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-runs-records-'));
const store = openStore({ dataDir });
afterAll(() => {
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const form = { kind: 'train', preset: 'vit-micro', datasetId: 'phantoms', outDir: '/runs/a/out', batchSize: 8, trainImages: 33 };
const history = [
  { epoch: 0, trainLoss: 0.66, valMacroAuroc: 0.62, valMacroAuprc: null },
  { epoch: 1, trainLoss: 0.59, valMacroAuroc: 0.58, valMacroAuprc: 0.66 },
];

describe('appRunRecords', () => {
  it('lists only jobs started as runs, newest first, with their stored status', () => {
    store.db
      .insert(jobRuns)
      .values([
        { id: 'old', job: 'model.train', status: 'succeeded', paramsJson: JSON.stringify(form), startedAt: '2026-01-01T00:00:00.000Z' },
        // A training job started elsewhere (no run form) is not an app run; nor is another kind of job.
        { id: 'cli', job: 'model.train', status: 'succeeded', paramsJson: '{}', startedAt: '2026-01-02T00:00:00.000Z' },
        {
          id: 'import',
          job: 'datasets.import',
          status: 'running',
          paramsJson: JSON.stringify(form),
          startedAt: '2026-01-03T00:00:00.000Z',
        },
        {
          id: 'new',
          job: 'model.pretrain',
          status: 'failed',
          paramsJson: JSON.stringify({ ...form, kind: 'pretrain' }),
          startedAt: '2026-01-04T00:00:00.000Z',
        },
      ])
      .run();
    expect(listAppRuns(store).map((r) => [r.id, r.kind, r.status])).toEqual([
      ['new', 'pretrain', 'failed'],
      ['old', 'train', 'succeeded'],
    ]);
  });

  it('rebuilds epoch points from the stored history at the step each epoch ended, skipping missing values', () => {
    const run = {
      ...form,
      kind: 'train' as const,
      id: 'r',
      startedAt: '',
      status: 'succeeded' as const,
      resultJson: JSON.stringify({ history }),
    };
    const points = storedEpochPoints(run);
    // 33 images in batches of 8: 5 steps per epoch.
    expect(points.map((p) => [p.name, p.split, p.step, p.epoch, p.value])).toEqual([
      ['epoch loss', 'train', 5, 1, 0.66],
      ['macro AUROC', 'val', 5, 1, 0.62],
      ['epoch loss', 'train', 10, 2, 0.59],
      ['macro AUROC', 'val', 10, 2, 0.58],
      ['macro AUPRC', 'val', 10, 2, 0.66],
    ]);
    expect(points.map((p) => p.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(storedEpochPoints({ ...run, resultJson: null })).toEqual([]);
  });
});
