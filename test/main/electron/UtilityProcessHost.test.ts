// UtilityProcessHost: the worker pool over Electron utilityProcesses; it forks the worker entry (with a
// heap cap), speaks the job protocol to it and keeps the process for the next job.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const forked = vi.hoisted(
  () =>
    [] as Array<{
      entry: string;
      execArgv: string[];
      child: EventEmitter & { postMessage: ReturnType<typeof vi.fn>; kill: ReturnType<typeof vi.fn> };
    }>,
);
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const utilityProcess = {
    fork: vi.fn((entry: string, _args: string[], options: { execArgv: string[] }) => {
      const child = Object.assign(new Emitter(), { postMessage: vi.fn(), kill: vi.fn(() => true) });
      forked.push({ entry, child, execArgv: options.execArgv });
      return child;
    }),
  };
  return { default: { utilityProcess }, utilityProcess };
});

describe('UtilityProcessHost', () => {
  it('forks the entry once, maps its messages to outcomes and reuses the process for the next job', async () => {
    const { UtilityProcessHost } = await import('../../../src-main/electron/UtilityProcessHost');
    const host = new UtilityProcessHost('/app/out/main/workerUtility.js', { size: 1, maxHeapMb: 2048 });
    const handle = host.start('diagnostics.echo', { message: 'x' });
    const { entry, child, execArgv } = forked[0]!;
    expect(entry).toBe('/app/out/main/workerUtility.js');
    expect(execArgv).toEqual(['--max-old-space-size=2048']);
    child.emit('message', { kind: 'ready' });
    expect(child.postMessage).toHaveBeenCalledWith({ kind: 'start', id: handle.id, job: 'diagnostics.echo', params: { message: 'x' } });
    child.emit('message', { kind: 'result', id: handle.id, value: { message: 'x', threadId: 0 } });
    await expect(handle.outcome).resolves.toEqual({ status: 'succeeded', value: { message: 'x', threadId: 0 } });
    expect(child.kill).not.toHaveBeenCalled();
    const second = host.start('diagnostics.echo', { message: 'y' });
    expect(forked).toHaveLength(1);
    expect(child.postMessage).toHaveBeenLastCalledWith({ kind: 'start', id: second.id, job: 'diagnostics.echo', params: { message: 'y' } });
    await host.close();
    expect(child.kill).toHaveBeenCalled();
  });

  it('turns an unexpected exit into WORKER_EXITED', async () => {
    const { UtilityProcessHost } = await import('../../../src-main/electron/UtilityProcessHost');
    const host = new UtilityProcessHost('/entry.js');
    const handle = host.start('diagnostics.echo', { message: 'x' });
    forked.at(-1)!.child.emit('exit', 9);
    await expect(handle.outcome).resolves.toMatchObject({ status: 'failed', error: { code: 'WORKER_EXITED', details: { exitCode: 9 } } });
  });
});
