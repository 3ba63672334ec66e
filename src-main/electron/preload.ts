/**
 * Sandboxed preload: exposes exactly one function, `window.hilum.invoke(channel, payload)`, which
 * forwards to the single IPC router in main (which checks the sender and validates everything).
 * No Node, no ipcRenderer, no event objects reach the page.
 */
import { bug } from '../../src-core/errors';
import { contextBridge, ipcRenderer } from 'electron';

const invokeChannel = 'hilum:invoke';

contextBridge.exposeInMainWorld('hilum', {
  invoke: (channel: unknown, payload: unknown): Promise<unknown> => {
    if (typeof channel !== 'string') return Promise.reject(bug('channel must be a string'));
    return ipcRenderer.invoke(invokeChannel, channel, payload);
  },
});
