/** The worker pool over Electron utilityProcesses: the app's compute runs outside the main process. */
import { utilityProcess } from 'electron';
import type { WorkerToHost } from '../../src-core/contracts/jobs';
import type { JobChild, SpawnOptions } from '../worker/JobChild';
import { type PoolOptions, WorkerPool } from '../worker/WorkerPool';

function forkUtility(entry: string, options: SpawnOptions): JobChild {
  const execArgv = options.maxHeapMb ? [`--max-old-space-size=${options.maxHeapMb}`] : [];
  const child = utilityProcess.fork(entry, [], { serviceName: 'Hilum worker', stdio: 'inherit', execArgv });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: WorkerToHost) => listener(message)),
    onExit: (listener) => child.on('exit', (code: number) => listener(code)),
    kill: () => {
      child.kill();
    },
  };
}

export class UtilityProcessHost extends WorkerPool {
  constructor(entry: string, options: PoolOptions = {}) {
    super((spawn) => forkUtility(entry, spawn), options);
  }
}
