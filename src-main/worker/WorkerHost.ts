/**
 * The worker pool over worker_threads, for the CLI, `hilum app serve` and tests. From source each
 * thread starts src-worker/bootstrap.mjs (tsx's loader, then entry.ts); built, the bundled
 * out/main/worker.js, so no tsx is needed at runtime.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerToHost } from '../../src-core/contracts/jobs';
import type { JobChild, SpawnOptions } from './JobChild';
import { type PoolOptions, WorkerPool } from './WorkerPool';

export type { JobHandle, PoolOptions, StartOptions } from './WorkerPool';

/**
 * The worker entry beside this module: from source, the tsx bootstrap; inside the built app (a chunk in
 * out/main), the bundled out/main/worker.js (electron.vite.config.ts puts entries and chunks together).
 */
export const defaultWorkerEntry = fileURLToPath(
  import.meta.url.endsWith('.ts') ? new URL('../../src-worker/bootstrap.mjs', import.meta.url) : new URL('./worker.js', import.meta.url),
);

export function spawnWorkerThread(entry: string, options: SpawnOptions): JobChild {
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
    ref: (keepAlive) => (keepAlive ? worker.ref() : worker.unref()),
    kill: () => void worker.terminate(),
  };
}

export class WorkerHost extends WorkerPool {
  constructor(options: PoolOptions & { entry?: string } = {}) {
    const { entry = defaultWorkerEntry, ...pool } = options;
    super((spawn) => spawnWorkerThread(entry, spawn), pool);
  }
}
