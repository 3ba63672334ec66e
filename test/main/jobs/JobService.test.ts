// JobService records each job's start and outcome in the store and fans out progress events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobService } from '../../../src-main/jobs/JobService';
import { openStore } from '../../../src-main/store/openStore';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';

const store = openStore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-jobs-')) });
const host = new WorkerHost();
afterAll(async () => {
  await host.close();
  store.close();
});

describe('JobService', () => {
  it('records succeeded, failed and cancelled jobs with their reasons', async () => {
    const service = new JobService(store, host);
    const events: string[] = [];
    service.subscribe((event) => events.push(`${event.kind}:${event.job}`));
    const ok = service.start('diagnostics.sleep', { durationMs: 100, intervalMs: 20 });
    const bad = service.start('diagnostics.fail', { code: 'DATASET_FORMAT', message: 'missing column Path in train.csv' });
    const slow = service.start('diagnostics.sleep', { durationMs: 10_000, intervalMs: 20 });
    setTimeout(() => service.cancel(slow.id), 400);
    await Promise.all([ok.outcome, bad.outcome, slow.outcome]);
    const rows = store.sqlite.prepare('select id, status, error_code as code, duration_ms as ms from job_runs').all() as Array<{ id: string; status: string; code: string | null; ms: number }>;
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(ok.id)).toMatchObject({ status: 'succeeded', code: null });
    expect(byId.get(bad.id)).toMatchObject({ status: 'failed', code: 'DATASET_FORMAT' });
    expect(byId.get(slow.id)).toMatchObject({ status: 'cancelled', code: 'CANCELLED' });
    expect(events).toContain('progress:diagnostics.sleep');
    expect(events.filter((e) => e.startsWith('finished:')).length).toBe(3);
    expect(() => service.cancel(ok.id)).toThrow(/No running job/);
  });
});
