/**
 * The worker pool over Electron utilityProcesses: the app's compute runs outside the main process. A training job that
 * asks for backend webgpu also gets a hidden gradient window, whose port is sent to the job's process just before the
 * job starts and which is closed when the job ends.
 */
import { type MessagePortMain, utilityProcess } from 'electron';
import { type GradientPortMessage, wantsWindowGradients } from '../../src-core/contracts/gradientWindow';
import type { WorkerToHost } from '../../src-core/contracts/jobs';
import type { JobChild, SpawnOptions } from '../worker/JobChild';
import { type PoolOptions, WorkerPool } from '../worker/WorkerPool';

/** What a webgpu training job needs from main: a window to compute in and the port to it (openGradientWindow). */
export type OpenGradientWindow = () => { window: GradientWindow; jobPort: MessagePortMain };

/** The BrowserWindow surface used here. */
export interface GradientWindow {
  destroy(): void;
  isDestroyed(): boolean;
}

export interface UtilityHostOptions extends PoolOptions {
  /** Absent: no window is ever opened, and a webgpu job looks for WebGPU in its own process (where there is none). */
  openGradientWindow?: OpenGradientWindow;
}

function forkUtility(entry: string, options: SpawnOptions, openGradientWindow?: OpenGradientWindow): JobChild {
  const execArgv = options.maxHeapMb ? [`--max-old-space-size=${options.maxHeapMb}`] : [];
  const child = utilityProcess.fork(entry, [], { serviceName: 'Hilum worker', stdio: 'inherit', execArgv });
  const windows = new Map<string, GradientWindow>();
  const closeWindow = (id: string): void => {
    const window = windows.get(id);
    // A crashed page's window is already gone (openGradientWindow destroys it on render-process-gone).
    if (window && !window.isDestroyed()) window.destroy();
    windows.delete(id);
  };
  return {
    postMessage: (message) => {
      if (openGradientWindow && wantsWindowGradients(message) && message.kind === 'start') {
        const { window, jobPort } = openGradientWindow();
        windows.set(message.id, window);
        child.postMessage({ kind: 'gradient-port', id: message.id } satisfies GradientPortMessage, [jobPort]);
      }
      child.postMessage(message);
    },
    onMessage: (listener) =>
      child.on('message', (message: WorkerToHost) => {
        if (message.kind === 'result' || message.kind === 'error' || message.kind === 'cancelled') closeWindow(message.id);
        listener(message);
      }),
    onExit: (listener) =>
      child.on('exit', (code: number) => {
        for (const id of [...windows.keys()]) closeWindow(id);
        listener(code);
      }),
    kill: () => {
      child.kill();
    },
  };
}

export class UtilityProcessHost extends WorkerPool {
  constructor(entry: string, options: UtilityHostOptions = {}) {
    const { openGradientWindow, ...pool } = options;
    super((spawn) => forkUtility(entry, spawn, openGradientWindow), pool);
  }
}
