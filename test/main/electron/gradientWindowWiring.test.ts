// The Electron wiring of the WebGPU gradient window, with electron mocked (the Electron binary cannot run here): the
// utility host opens a window only for a webgpu training job, sends the job's process the port just before the job's
// start and closes the window when the job ends; the utility entry files that port for the job; the window's preload
// hands its page the port and nothing else. The page and the port protocol themselves run in Chromium in
// test/worker/model/windowGradientSource.test.ts.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { gradientPortChannel } from '../../../src-core/contracts/gradientWindow';

type Child = EventEmitter & { postMessage: ReturnType<typeof vi.fn>; kill: ReturnType<typeof vi.fn> };
const electron = vi.hoisted(() => ({
  children: [] as Child[],
  ipcListeners: new Map<string, (event: { ports: unknown[] }) => void>(),
  exposeInMainWorld: (..._args: unknown[]) => undefined as unknown,
}));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const utilityProcess = {
    fork: () => {
      const child = Object.assign(new Emitter(), { postMessage: vi.fn(), kill: vi.fn(() => true) });
      electron.children.push(child);
      return child;
    },
  };
  const ipcRenderer = {
    on: (channel: string, listener: (event: { ports: unknown[] }) => void) => electron.ipcListeners.set(channel, listener),
  };
  const contextBridge = { exposeInMainWorld: (...args: unknown[]) => electron.exposeInMainWorld(...args) };
  return { default: { utilityProcess, ipcRenderer, contextBridge }, utilityProcess, ipcRenderer, contextBridge };
});

describe('WebGPU gradient window wiring', () => {
  it('opens a window only for a webgpu training job, ports it ahead of the start, closes it when the job ends', async () => {
    const { UtilityProcessHost } = await import('../../../src-main/electron/UtilityProcessHost');
    const windows: Array<{ destroy: ReturnType<typeof vi.fn>; isDestroyed: () => boolean; jobPort: object }> = [];
    const host = new UtilityProcessHost('/entry.js', {
      size: 1,
      openGradientWindow: () => {
        const opened = { destroy: vi.fn(), isDestroyed: () => false, jobPort: { port: windows.length } };
        windows.push(opened);
        return { window: opened, jobPort: opened.jobPort as never };
      },
    });
    const child = (): Child => electron.children.at(-1)!;
    const echo = host.start('diagnostics.echo', { message: 'x' });
    child().emit('message', { kind: 'ready' });
    child().emit('message', { kind: 'result', id: echo.id, value: { message: 'x', threadId: 0 } });
    await echo.outcome;
    const cpu = host.start('model.train', { config: { backend: 'wasm' } });
    child().emit('message', { kind: 'error', id: cpu.id, error: { name: 'HilumError', code: 'CANCELLED', message: 'stop', details: {} } });
    await cpu.outcome;
    expect(windows).toHaveLength(0);

    const gpu = host.start('model.train', { config: { backend: 'webgpu' } });
    expect(windows).toHaveLength(1);
    const calls = child().postMessage.mock.calls;
    expect(calls.at(-2)).toEqual([{ kind: 'gradient-port', id: gpu.id }, [windows[0]!.jobPort]]);
    expect(calls.at(-1)).toEqual([{ kind: 'start', id: gpu.id, job: 'model.train', params: { config: { backend: 'webgpu' } } }]);
    expect(windows[0]!.destroy).not.toHaveBeenCalled();
    child().emit('message', { kind: 'cancelled', id: gpu.id });
    await gpu.outcome;
    expect(windows[0]!.destroy).toHaveBeenCalledTimes(1);

    // A window whose page crashed is already destroyed: the job's end does not destroy it twice.
    const crashed = host.start('model.train', { config: { backend: 'webgpu' } });
    windows[1]!.isDestroyed = () => true;
    child().emit('message', {
      kind: 'error',
      id: crashed.id,
      error: { name: 'HilumError', code: 'WORKER_CRASHED', message: 'gone', details: {} },
    });
    await crashed.outcome;
    expect(windows[1]!.destroy).not.toHaveBeenCalled();

    // A process that dies mid-job takes its window with it.
    const again = host.start('model.train', { config: { backend: 'webgpu' } });
    child().emit('exit', 9);
    await again.outcome;
    expect(windows[2]!.destroy).toHaveBeenCalledTimes(1);
    await host.close();
  });

  it('the utility entry files a gradient port for its job and passes every other message to the job server', async () => {
    const { routeUtilityMessage } = await import('../../../src-main/electron/workerUtilityEntry');
    const { gradientPorts } = await import('../../../src-worker/model/parallel/gradientPorts');
    const port = { postMessage: vi.fn(), on: vi.fn(), off: vi.fn(), start: vi.fn(), close: vi.fn() };
    const toJobs = vi.fn();
    routeUtilityMessage({ data: { kind: 'gradient-port', id: 'job-1' }, ports: [port] }, toJobs);
    const start = { kind: 'start', id: 'job-1', job: 'model.train', params: {} };
    routeUtilityMessage({ data: start }, toJobs);
    expect(toJobs.mock.calls).toEqual([[start]]);
    expect(gradientPorts.take('job-2')).toBeUndefined();
    expect(gradientPorts.take('job-1')).toBe(port);
    expect(gradientPorts.take('job-1')).toBeUndefined();
    // A port whose window closes before its job takes it is dropped.
    const closing = new EventEmitter();
    routeUtilityMessage(
      {
        data: { kind: 'gradient-port', id: 'job-3' },
        ports: [Object.assign(closing, { postMessage: vi.fn(), start: vi.fn(), close: vi.fn() })],
      },
      toJobs,
    );
    closing.emit('close');
    expect(gradientPorts.take('job-3')).toBeUndefined();
  });

  it("the window's preload forwards the port to its page and exposes nothing", async () => {
    const exposed = vi.fn();
    electron.exposeInMainWorld = exposed;
    const postMessage = vi.fn();
    vi.stubGlobal('postMessage', postMessage);
    await import('../../../src-main/electron/gradientWindowPreload');
    expect([...electron.ipcListeners.keys()]).toEqual([gradientPortChannel]);
    const port = { a: 'port' };
    electron.ipcListeners.get(gradientPortChannel)!({ ports: [port] });
    expect(postMessage).toHaveBeenCalledWith(gradientPortChannel, '*', [port]);
    expect(exposed).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
