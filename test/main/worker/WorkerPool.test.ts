// The worker pool over fake children whose "process" is the real job loop (serveJobs) in this thread:
// reuse, the size bound, FIFO order, cancellation by id (queued or running), crash and timeout
// replacement, and a child that dies before it is ready failing a job instead of respawning forever.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { HostToWorker, WorkerToHost } from '../../../src-core/contracts/jobs';
import type { JobChild, SpawnOptions } from '../../../src-main/worker/JobChild';
import { WorkerPool } from '../../../src-main/worker/WorkerPool';
import { serveJobs } from '../../../src-worker/entry';

/** A child whose "process" is serveJobs in this thread; messages cross asynchronously, as over IPC. */
function inProcessChild(): JobChild & { killed: boolean } {
  const toHost = new EventEmitter();
  const toWorker = new EventEmitter();
  const exit = new EventEmitter();
  const child = {
    killed: false,
    postMessage: (message: HostToWorker) => setImmediate(() => toWorker.emit('message', structuredClone(message))),
    onMessage: (listener: (message: WorkerToHost) => void) => void toHost.on('message', listener),
    onExit: (listener: (code: number) => void) => void exit.on('exit', listener),
    kill: () => {
      if (child.killed) return;
      child.killed = true;
      toWorker.removeAllListeners();
      setImmediate(() => exit.emit('exit', 15));
    },
  };
  setImmediate(() =>
    serveJobs({
      postMessage: (message) => {
        if (!child.killed) setImmediate(() => toHost.emit('message', structuredClone(message)));
      },
      on: (_event, listener) => void toWorker.on('message', listener),
    }),
  );
  return child;
}

/** A child whose entry is broken: it exits before it ever says ready. */
function brokenChild(): JobChild {
  const exit = new EventEmitter();
  setImmediate(() => exit.emit('exit', 1));
  return {
    postMessage: () => undefined,
    onMessage: () => undefined,
    onExit: (listener) => void exit.on('exit', listener),
    kill: () => undefined,
  };
}

describe('WorkerPool', () => {
  it('runs a job and returns its validated result, reusing one child for later jobs', async () => {
    const spawn = vi.fn(inProcessChild);
    const pool = new WorkerPool(spawn, { size: 1 });
    for (const message of ['a', 'b', 'c']) await expect(pool.run('diagnostics.echo', { message })).resolves.toMatchObject({ message });
    expect(spawn).toHaveBeenCalledTimes(1);
    expect(pool.stats()).toMatchObject({ children: 1, busy: 0, queued: 0, spawned: 1 });
    await pool.close();
  });

  it('carries typed errors from the job and keeps the child', async () => {
    const pool = new WorkerPool(inProcessChild, { size: 1 });
    await expect(pool.run('diagnostics.fail', { code: 'DICOM_PARSE', message: 'bad file' })).rejects.toMatchObject({
      code: 'DICOM_PARSE',
      message: 'bad file',
    });
    await pool.run('diagnostics.echo', { message: 'after' });
    expect(pool.stats().spawned).toBe(1);
  });

  it('never runs more children than its size and starts queued jobs in FIFO order', async () => {
    const dispatched: string[] = [];
    const recording = (): JobChild => {
      const child = inProcessChild();
      const post = child.postMessage;
      return { ...child, postMessage: (message) => (message.kind === 'start' && dispatched.push(message.id), post(message)) };
    };
    const pool = new WorkerPool(recording, { size: 2 });
    let maxChildren = 0;
    const watch = () => (maxChildren = Math.max(maxChildren, pool.stats().children));
    const handles = [0, 1, 2, 3, 4].map(() => pool.start('diagnostics.sleep', { durationMs: 30, intervalMs: 10 }, { onProgress: watch }));
    expect(pool.stats()).toMatchObject({ children: 2, queued: 5, busy: 0 });
    const outcomes = await Promise.all(handles.map((h) => h.outcome));
    expect(outcomes.every((o) => o.status === 'succeeded')).toBe(true);
    expect(dispatched).toEqual(handles.map((h) => h.id));
    expect(maxChildren).toBe(2);
    expect(pool.stats()).toMatchObject({ children: 2, spawned: 2, queued: 0 });
  });

  it('reports progress and cancels a running job by id; a queued job is dropped without running', async () => {
    const pool = new WorkerPool(inProcessChild, { size: 1 });
    const progress = vi.fn();
    const running = pool.start('diagnostics.sleep', { durationMs: 5000, intervalMs: 5 }, { onProgress: progress });
    const queued = pool.start('diagnostics.echo', { message: 'never' });
    expect(pool.cancel(queued.id)).toBe(true);
    await expect(queued.outcome).resolves.toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    await vi.waitFor(() => expect(progress).toHaveBeenCalled());
    expect(pool.cancel(running.id)).toBe(true);
    expect((await running.outcome).status).toBe('cancelled');
    expect(pool.cancel('no-such-job')).toBe(false);
    await pool.run('diagnostics.echo', { message: 'reused' });
    expect(pool.stats().spawned).toBe(1);
  });

  it('replaces a killed or timed-out child and the queue goes on', async () => {
    const pool = new WorkerPool(inProcessChild, { size: 1 });
    const handle = pool.start('diagnostics.sleep', { durationMs: 5000, intervalMs: 5 });
    const next = pool.start('diagnostics.echo', { message: 'next' });
    await vi.waitFor(() => expect(pool.stats().busy).toBe(1));
    handle.kill();
    await expect(handle.outcome).resolves.toMatchObject({ status: 'failed', error: { code: 'WORKER_EXITED' } });
    await expect(next.outcome).resolves.toMatchObject({ status: 'succeeded' });
    const timed = pool.start('diagnostics.sleep', { durationMs: 5000, intervalMs: 5, ignoreCancel: true }, { timeoutMs: 50 });
    await expect(timed.outcome).resolves.toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    await pool.run('diagnostics.echo', { message: 'still alive' });
    expect(pool.stats().spawned).toBe(3);
  });

  it('applies the pool-wide time limit when the job gives none', async () => {
    const pool = new WorkerPool(inProcessChild, { size: 1, timeoutMs: 40 });
    await expect(pool.start('diagnostics.sleep', { durationMs: 5000, intervalMs: 5, ignoreCancel: true }).outcome).resolves.toMatchObject({
      error: { code: 'TIMEOUT' },
    });
  });

  it('a dedicated job gets a fresh child that is retired afterwards', async () => {
    const spawn = vi.fn((_options: SpawnOptions) => inProcessChild());
    const pool = new WorkerPool(spawn, { size: 1 });
    await pool.run('diagnostics.echo', { message: 'shared' });
    await pool.run('diagnostics.echo', { message: 'alone' }, { dedicated: true });
    expect(spawn).toHaveBeenCalledTimes(2);
    expect(spawn.mock.calls[1]?.[0]).toEqual({ maxHeapMb: 4096 });
    expect(pool.stats().children).toBe(0);
    await pool.run('diagnostics.echo', { message: 'shared again' });
    expect(spawn).toHaveBeenCalledTimes(3);
  });

  it('a child that dies before it is ready fails one job per attempt instead of respawning forever', async () => {
    const spawn = vi.fn(brokenChild);
    const pool = new WorkerPool(spawn, { size: 1 });
    const outcomes = await Promise.all([
      pool.start('diagnostics.echo', { message: 'a' }).outcome,
      pool.start('diagnostics.echo', { message: 'b' }).outcome,
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(outcomes[0]).toMatchObject({ error: { code: 'WORKER_EXITED' } });
    expect(spawn).toHaveBeenCalledTimes(2);
  });

  it('a child that cannot be created fails its job with WORKER_CRASHED', async () => {
    const pool = new WorkerPool(
      () => {
        throw new Error('no such entry');
      },
      { size: 1 },
    );
    await expect(pool.start('diagnostics.echo', { message: 'x' }).outcome).resolves.toMatchObject({
      status: 'failed',
      error: { code: 'WORKER_CRASHED', message: expect.stringContaining('no such entry') },
    });
    expect(pool.stats()).toMatchObject({ children: 0, queued: 0 });
  });

  it('rejects bad parameters before starting a child, and refuses work once closed', async () => {
    const spawn = vi.fn(inProcessChild);
    const pool = new WorkerPool(spawn);
    expect(() => pool.start('diagnostics.sleep', { durationMs: -1, intervalMs: 5 })).toThrow(/durationMs/);
    expect(spawn).not.toHaveBeenCalled();
    await pool.close();
    expect(() => pool.start('diagnostics.echo', { message: 'x' })).toThrow(/closed/);
  });
});
