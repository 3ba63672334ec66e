/**
 * The job host for the CLI and tests: each job runs in its own worker_thread (from TypeScript
 * source through tsx's loader, see src-worker/bootstrap.mjs), behind the shared PortJobHost.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerToHost } from '../../src-core/contracts/jobs';
import { PortJobHost, type JobChild, type StartOptions } from './PortJobHost';

export type { JobHandle, StartOptions } from './PortJobHost';

const defaultEntry = fileURLToPath(new URL('../../src-worker/bootstrap.mjs', import.meta.url));

function spawnWorkerThread(entry: string, options: StartOptions): JobChild {
  const worker = new Worker(entry, {
    resourceLimits: options.maxHeapMb ? { maxOldGenerationSizeMb: options.maxHeapMb } : undefined,
    stdout: false,
    stderr: false,
  });
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (message: WorkerToHost) => listener(message)),
    onExit: (listener) => worker.on('exit', listener),
    onCrash: (listener) => worker.on('error', (error) => listener(error.message)),
    kill: () => void worker.terminate(),
  };
}

export class WorkerHost extends PortJobHost {
  constructor(options: { entry?: string } = {}) {
    const entry = options.entry ?? defaultEntry;
    super((start) => spawnWorkerThread(entry, start));
  }
}
