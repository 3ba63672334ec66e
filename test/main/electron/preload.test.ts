// The sandboxed preload exposes one function and forwards it to the single IPC channel.
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(() => Promise.resolve({ ok: true, value: 1 })), on: vi.fn(), send: vi.fn() },
}));
vi.mock('electron', () => ({ default: electron, ...electron }));

describe('preload', () => {
  it('exposes only window.hilum.invoke, forwarding to hilum:invoke', async () => {
    await import('../../../src-main/electron/preload');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]! as [
      string,
      Record<string, (...a: unknown[]) => Promise<unknown>>,
    ];
    expect(name).toBe('hilum');
    expect(Object.keys(api)).toEqual(['invoke']);
    await api.invoke!('system.info', {});
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('hilum:invoke', 'system.info', {});
    await expect(api.invoke!(42, {})).rejects.toThrow('channel must be a string');
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
  });
});
