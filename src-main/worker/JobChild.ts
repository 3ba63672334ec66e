/** A child process or thread that speaks the job protocol through postMessage, as the worker pool sees it. */
import type { HostToWorker, WorkerToHost } from '../../src-core/contracts/jobs';

export interface SpawnOptions {
  /** Heap cap of the child in MiB, where the child kind supports one (worker_threads: resourceLimits; utilityProcess: --max-old-space-size). */
  maxHeapMb?: number;
}

export interface JobChild {
  postMessage(message: HostToWorker): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  onExit(listener: (code: number) => void): void;
  /** An uncaught error inside the child (worker_threads report it before exiting). */
  onCrash?(listener: (message: string) => void): void;
  /** Whether an idle child may keep the host process alive (worker_threads' ref/unref); optional. */
  ref?(keepAlive: boolean): void;
  kill(): void;
}
