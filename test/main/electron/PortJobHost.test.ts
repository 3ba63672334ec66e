// The utilityProcess job host: the real worker job loop (serveJobs) behind a fake process boundary.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { HostToWorker, WorkerToHost } from '../../../src-core/contracts/jobs';
import { PortJobHost, type JobChild } from '../../../src-main/worker/PortJobHost';
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

describe('PortJobHost', () => {
  it('runs a job and returns its validated result', async () => {
    const host = new PortJobHost(inProcessChild);
    await expect(host.run('diagnostics.echo', { message: 'hi' })).resolves.toMatchObject({ message: 'hi' });
  });

  it('carries typed errors from the job', async () => {
    const host = new PortJobHost(inProcessChild);
    await expect(host.run('diagnostics.fail', { code: 'DICOM_PARSE', message: 'bad file' })).rejects.toMatchObject({ code: 'DICOM_PARSE', message: 'bad file' });
  });

  it('reports progress and cancels', async () => {
    const host = new PortJobHost(inProcessChild);
    const progress = vi.fn();
    const handle = host.start('diagnostics.sleep', { durationMs: 5000, intervalMs: 5 }, { onProgress: progress });
    await vi.waitFor(() => expect(progress).toHaveBeenCalled());
    handle.cancel();
    const outcome = await handle.outcome;
    expect(outcome.status).toBe('cancelled');
  });

  it('fails with WORKER_EXITED when the process dies, and TIMEOUT past its limit', async () => {
    const host = new PortJobHost(inProcessChild);
    const handle = host.start('diagnostics.sleep', { durationMs: 5000, intervalMs: 5 });
    handle.kill();
    await expect(handle.outcome).resolves.toMatchObject({ status: 'failed', error: { code: 'WORKER_EXITED' } });
    const timed = host.start('diagnostics.sleep', { durationMs: 5000, intervalMs: 5, ignoreCancel: true }, { timeoutMs: 50 });
    await expect(timed.outcome).resolves.toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
  });

  it('rejects bad parameters before starting a process', () => {
    const spawn = vi.fn(inProcessChild);
    const host = new PortJobHost(spawn);
    expect(() => host.start('diagnostics.sleep', { durationMs: -1, intervalMs: 5 })).toThrow(/durationMs/);
    expect(spawn).not.toHaveBeenCalled();
  });
});
