// UtilityProcessHost forks the worker entry as an Electron utilityProcess and speaks the job protocol to it.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const forked = vi.hoisted(() => [] as Array<{ entry: string; child: EventEmitter & { postMessage: ReturnType<typeof vi.fn>; kill: ReturnType<typeof vi.fn> } }>);
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const utilityProcess = {
    fork: vi.fn((entry: string) => {
      const child = Object.assign(new Emitter(), { postMessage: vi.fn(), kill: vi.fn(() => true) });
      forked.push({ entry, child });
      return child;
    }),
  };
  return { default: { utilityProcess }, utilityProcess };
});

describe('UtilityProcessHost', () => {
  it('forks the entry per job and maps its messages to the outcome', async () => {
    const { UtilityProcessHost } = await import('../../../src-main/electron/UtilityProcessHost');
    const host = new UtilityProcessHost('/app/out/main/workerUtility.js');
    const handle = host.start('diagnostics.echo', { message: 'x' });
    const { entry, child } = forked[0]!;
    expect(entry).toBe('/app/out/main/workerUtility.js');
    child.emit('message', { kind: 'ready' });
    expect(child.postMessage).toHaveBeenCalledWith({ kind: 'start', id: handle.id, job: 'diagnostics.echo', params: { message: 'x' } });
    child.emit('message', { kind: 'result', id: handle.id, value: { message: 'x', threadId: 0 } });
    await expect(handle.outcome).resolves.toEqual({ status: 'succeeded', value: { message: 'x', threadId: 0 } });
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
