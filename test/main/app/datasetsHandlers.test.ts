// datasets.* through dispatch on a real (small) import of the NIH subset: list, job progress, split, summary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dispatch, type HandlerTable } from '../../../src-core/contracts/bridge';
import { auditEvents } from '../../../src-main/store/schema';
import { datasets } from '../../../src-main/store/schema/datasets';
import type { AppCallContext } from '../../../src-main/app/AppServices';
import { datasetsHandlers } from '../../../src-main/app/handlers/datasetsHandlers';
import { systemHandlers } from '../../../src-main/app/handlers/systemHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { sharedDataDir } from '../../helpers/paths';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-datasets-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
// The area handlers themselves: the session guard in front of them is the workbench's and tested there.
const handlers = { ...datasetsHandlers(services), ...systemHandlers(services) } as unknown as HandlerTable<AppCallContext>;
const ctx = { via: 'devhost' as const };

afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function call<T = Record<string, unknown>>(channel: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

describe('datasets channels', () => {
  it('imports, splits and summarises a dataset', async () => {
    const { jobId } = await call<{ jobId: string }>('datasets.import', {
      name: 'nih-trial',
      format: 'nih',
      sourcePath: path.join(sharedDataDir, 'nih-cxr14-subset-64px'),
      limit: 40,
    });
    let status = 'running';
    let events: Array<{ message?: string }> = [];
    while (status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answer = await call<{ status: string; events: Array<{ message?: string }>; error: unknown }>('jobs.events', {
        jobId,
        after: -1,
      });
      status = answer.status;
      events = answer.events;
      if (status === 'failed') throw new Error(JSON.stringify(answer.error));
    }
    expect(status).toBe('succeeded');
    expect(events.length).toBeGreaterThan(0);
    expect(await call('jobs.cancel', { jobId })).toEqual({ cancelRequested: false });

    const { datasets } = await call<{ datasets: Array<{ id: string; imageCount: number }> }>('datasets.list', {});
    expect(datasets).toHaveLength(1);
    expect(datasets[0]).toMatchObject({ id: 'nih-trial', imageCount: 40 });

    const split = await call<{ images: Record<string, number>; leakageOk: boolean }>('datasets.split', { datasetId: 'nih-trial', seed: 3 });
    expect(split.leakageOk).toBe(true);
    expect(Object.values(split.images).reduce((a, b) => a + b, 0)).toBe(40);

    const summary = await call<{
      images: number;
      prevalence: Array<{ label: string; positive: number; negative: number; uncertain: number; missing: number }>;
      splits: Array<{ images: number }>;
      leakage: { ok: boolean };
      metadataCoverage: Array<{ field: string; fraction: number }>;
    }>('datasets.summary', { datasetId: 'nih-trial' });
    expect(summary.images).toBe(40);
    expect(summary.prevalence.length).toBeGreaterThan(0);
    for (const row of summary.prevalence) expect(row.positive + row.negative + row.uncertain + row.missing).toBe(40);
    expect(summary.splits.reduce((a, s) => a + s.images, 0)).toBe(40);
    expect(summary.leakage.ok).toBe(true);
    expect(summary.metadataCoverage.find((c) => c.field === 'sex')?.fraction).toBe(1);
  });

  it('names a missing dataset', async () => {
    const envelope = await dispatch(handlers, 'datasets.summary', { datasetId: 'nope' }, ctx);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('cancels an import by job id: no further files go to the pool, the dataset is marked failed, audited as the signed-in user', async () => {
    // As guardChannels hands it on: the signed-in user in the call context is the audit actor.
    const signedIn = { ...ctx, user: { username: 'ann' } } as unknown as AppCallContext;
    const started = await dispatch(
      handlers,
      'datasets.import',
      { name: 'nih-cancelled', format: 'nih', sourcePath: path.join(sharedDataDir, 'nih-cxr14-subset-64px') },
      signedIn,
    );
    if (!started.ok) throw new Error(started.error.message);
    const { jobId } = started.value as { jobId: string };
    expect(await call('jobs.cancel', { jobId })).toEqual({ cancelRequested: true });
    let answer = { status: 'running', error: null as unknown };
    while (answer.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await call('jobs.events', { jobId, after: -1 });
    }
    expect(answer).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    const row = services.store().db.select().from(datasets).where(eq(datasets.name, 'nih-cancelled')).get();
    expect(row).toMatchObject({ status: 'failed' });
    const audited = services
      .store()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.recordId, String(row!.id)))
      .all()
      .filter((e) => e.recordType === 'dataset')
      .map((e) => ({ action: e.action, actor: e.actor, code: (JSON.parse(e.payloadJson) as { code?: string }).code }));
    expect(audited).toEqual([
      { action: 'dataset.import.started', actor: 'ann', code: undefined },
      { action: 'dataset.import.failed', actor: 'ann', code: 'CANCELLED' },
    ]);
  });
});
