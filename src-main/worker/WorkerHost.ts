/**
 * Runs worker jobs, one worker_thread per job, behind the job protocol. A job that throws, a
 * worker that crashes or is killed, and a cancelled job all end as an outcome with a typed reason;
 * the host itself never fails because a worker did, and it can start the next job at once.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  jobs,
  type JobName,
  type JobOutcome,
  type JobProgress,
  type ParamsOf,
  type ResultOf,
  type WorkerToHost,
} from '../../src-core/contracts/jobs';
import { HilumError, serializeError, type SerializedError } from '../../src-core/errors';

export interface StartOptions {
  onProgress?: (progress: JobProgress) => void;
  /** After a cancel request, how long a job may take to stop by itself before its worker is terminated. */
  cancelGraceMs?: number;
  /** Hard wall-clock cap: the worker is terminated and the job fails with TIMEOUT. */
  timeoutMs?: number;
  /** V8 heap cap of the worker, in MiB (the job fails with WORKER_EXITED if it is exceeded). */
  maxHeapMb?: number;
}

export interface JobHandle<T> {
  readonly id: string;
  readonly job: JobName;
  /** Resolves once, with the outcome; never rejects. */
  readonly outcome: Promise<JobOutcome<T>>;
  /** Asks the job to stop; terminates the worker if it has not stopped within the grace period. */
  cancel(): void;
  /** Terminates the worker at once (the job fails with WORKER_EXITED). */
  kill(): void;
}

const defaultEntry = fileURLToPath(new URL('../../src-worker/bootstrap.mjs', import.meta.url));

export class WorkerHost {
  private readonly entry: string;
  private readonly live = new Set<Worker>();

  constructor(options: { entry?: string } = {}) {
    this.entry = options.entry ?? defaultEntry;
  }

  start<J extends JobName>(job: J, params: ParamsOf<J>, options: StartOptions = {}): JobHandle<ResultOf<J>> {
    const id = randomUUID();
    jobs[job].params.parse(params, 'params');
    const worker = new Worker(this.entry, {
      resourceLimits: options.maxHeapMb ? { maxOldGenerationSizeMb: options.maxHeapMb } : undefined,
      stdout: false,
      stderr: false,
    });
    this.live.add(worker);
    let settled = false;
    let cancelRequested = false;
    let killedBy: SerializedError | null = null;
    let resolveOutcome!: (outcome: JobOutcome<ResultOf<J>>) => void;
    const outcome = new Promise<JobOutcome<ResultOf<J>>>((resolve) => (resolveOutcome = resolve));
    const timers: NodeJS.Timeout[] = [];

    const finish = (result: JobOutcome<ResultOf<J>>) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      resolveOutcome(result);
      void worker.terminate().finally(() => this.live.delete(worker));
    };
    const failWith = (code: SerializedError['code'], message: string, details: Record<string, unknown> = {}) =>
      serializeError(new HilumError(code, message, { job, jobId: id, ...details }));

    worker.on('message', (message: WorkerToHost) => {
      switch (message.kind) {
        case 'ready':
          worker.postMessage({ kind: 'start', id, job, params });
          return;
        case 'progress':
          if (message.id === id) options.onProgress?.(message.progress);
          return;
        case 'result': {
          try {
            finish({ status: 'succeeded', value: jobs[job].result.parse(message.value, 'result') as ResultOf<J> });
          } catch (error) {
            finish({ status: 'failed', error: serializeError(error) });
          }
          return;
        }
        case 'error':
          finish({ status: 'failed', error: message.error });
          return;
        case 'cancelled':
          finish({ status: 'cancelled', error: failWith('CANCELLED', `Job ${job} was cancelled`) });
          return;
      }
    });
    worker.on('error', (error) => {
      finish({ status: 'failed', error: failWith('WORKER_CRASHED', `The worker running ${job} crashed: ${error.message}`, { cause: error.message }) });
    });
    worker.on('exit', (code) => {
      if (killedBy) return finish({ status: cancelRequested ? 'cancelled' : 'failed', error: killedBy });
      finish({ status: 'failed', error: failWith('WORKER_EXITED', `The worker running ${job} exited with code ${code} before finishing`, { exitCode: code }) });
    });
    if (options.timeoutMs) {
      timers.push(
        setTimeout(() => {
          killedBy = failWith('TIMEOUT', `Job ${job} ran past its limit of ${options.timeoutMs} ms and was stopped`);
          void worker.terminate();
        }, options.timeoutMs),
      );
    }

    return {
      id,
      job,
      outcome,
      cancel: () => {
        if (settled || cancelRequested) return;
        cancelRequested = true;
        worker.postMessage({ kind: 'cancel', id });
        timers.push(
          setTimeout(() => {
            killedBy = failWith('CANCELLED', `Job ${job} did not stop within ${options.cancelGraceMs ?? 2000} ms of cancellation; its worker was terminated`);
            void worker.terminate();
          }, options.cancelGraceMs ?? 2000),
        );
      },
      kill: () => {
        if (settled) return;
        killedBy = failWith('WORKER_EXITED', `The worker running ${job} was killed`);
        void worker.terminate();
      },
    };
  }

  /** Starts a job and waits for it: the value, or a HilumError carrying the typed reason. */
  async run<J extends JobName>(job: J, params: ParamsOf<J>, options: StartOptions = {}): Promise<ResultOf<J>> {
    const outcome = await this.start(job, params, options).outcome;
    if (outcome.status === 'succeeded') return outcome.value;
    throw new HilumError(outcome.error.code, outcome.error.message, outcome.error.details);
  }

  /** Terminates every live worker (at shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.live].map((worker) => worker.terminate()));
    this.live.clear();
  }
}
