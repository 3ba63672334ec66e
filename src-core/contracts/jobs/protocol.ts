/**
 * The messages between the worker host (main) and a worker (worker_thread or Electron utilityProcess).
 * Both sides speak only these shapes; errors cross as SerializedError data.
 */
import type { SerializedError } from '../../errors';
import type { Infer } from '../../validate';
import type { Jobs, JobName } from './index';

export type ParamsOf<J extends JobName> = Infer<Jobs[J]['params']>;
export type ResultOf<J extends JobName> = Infer<Jobs[J]['result']>;

export interface JobProgress {
  /** 0..1 when known. */
  fraction?: number;
  message?: string;
  /** Job-specific structured data (e.g. step, loss, learning rate for training). */
  data?: Record<string, unknown>;
}

export type HostToWorker = { kind: 'start'; id: string; job: JobName; params: unknown } | { kind: 'cancel'; id: string };

export type WorkerToHost =
  | { kind: 'ready' }
  | { kind: 'progress'; id: string; progress: JobProgress }
  | { kind: 'result'; id: string; value: unknown }
  | { kind: 'error'; id: string; error: SerializedError }
  | { kind: 'cancelled'; id: string };

export type JobStatus = 'succeeded' | 'failed' | 'cancelled';

export type JobOutcome<T> =
  { status: 'succeeded'; value: T } | { status: 'failed'; error: SerializedError } | { status: 'cancelled'; error: SerializedError };

/** What a worker-side job handler receives besides its parameters. */
export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}
