// The one job tracker: jobs.events / jobs.cancel over a real worker job (worker_threads pool), and job
// states and results in SQLite's job_runs surviving a restart (a job left running is marked failed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { JobRegistry } from '../../../src-main/app/JobRegistry';
import { openStore } from '../../../src-main/store/openStore';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';

const host = new WorkerHost({ size: 1 });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-jobs-'));
afterAll(async () => {
  await host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('JobRegistry', () => {
  it('keeps progress events in order and reports cancellation', async () => {
    const registry = new JobRegistry();
    const sink = registry.progressSink();
    const handle = host.start('diagnostics.sleep', { durationMs: 20_000, intervalMs: 10 }, { onProgress: sink.onProgress });
    sink.attach(handle);
    // Waits for the worker (it starts through tsx, slower on a busy machine) to report twice.
    await vi.waitFor(() => expect(registry.events(handle.id, -1).events.length).toBeGreaterThan(1), { timeout: 60_000, interval: 50 });
    const first = registry.events(handle.id, -1);
    expect(first.status).toBe('running');
    expect(first.events.length).toBeGreaterThan(0);
    expect(first.events.map((e) => e.seq)).toEqual(first.events.map((_, i) => i));
    const later = registry.events(handle.id, first.events.at(-1)!.seq);
    expect(later.events.every((e) => e.seq > first.events.at(-1)!.seq)).toBe(true);
    expect(registry.cancel(handle.id)).toBe(true);
    await handle.outcome;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(registry.events(handle.id, -1).status).toBe('cancelled');
    expect(registry.cancel(handle.id)).toBe(false);
  });

  it('names an unknown job id', () => {
    expect(() => new JobRegistry().events('nope', -1)).toThrow(/No job with id nope/);
  });

  it('keeps states and results in the store across a restart; a job left running is marked failed', async () => {
    const first = openStore({ dataDir });
    const before = new JobRegistry(() => first);
    const sink = before.progressSink();
    const done = host.start('diagnostics.echo', { message: 'kept' }, { onProgress: sink.onProgress });
    sink.attach(done, { message: 'kept' });
    await done.outcome;
    const failed = before.track('datasets.import', async () => {
      throw new Error('disk full');
    });
    await failed.outcome;
    const hanging = before.track('worklist.review', () => new Promise(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 0));
    first.close();

    const second = openStore({ dataDir });
    try {
      const after = new JobRegistry(() => second);
      expect(after.events(done.id, -1)).toMatchObject({ job: 'diagnostics.echo', status: 'succeeded', events: [], error: null });
      expect(after.latestResult('diagnostics.echo')).toMatchObject({ message: 'kept' });
      expect(after.events(failed.id, -1)).toMatchObject({ status: 'failed', error: { code: 'BUG' } });
      expect(after.events(hanging.id, -1)).toMatchObject({
        status: 'failed',
        error: { code: 'WORKER_EXITED', message: 'Hilum stopped before this job finished' },
      });
      expect(after.cancel(hanging.id)).toBe(false);
      expect(after.latestResult('worklist.review')).toBeNull();
    } finally {
      second.close();
    }
  });
});
