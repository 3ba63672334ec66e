// jobs.events / jobs.cancel over a real worker job (worker_threads host).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { JobRegistry } from '../../../src-main/app/JobRegistry';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';

const host = new WorkerHost();
afterAll(() => host.close());

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
});
