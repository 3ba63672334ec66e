/**
 * Runs worker jobs, one child per job, over any child that speaks the job protocol through
 * postMessage: a worker_thread (WorkerHost, for the CLI and tests), an Electron utilityProcess
 * (UtilityProcessHost), or a fake in tests. A job that throws, a child that crashes or is killed,
 * a timeout and a cancellation all end as an outcome with a typed reason; the host never fails
 * because a child did, and it can start the next job at once.
 */
import { randomUUID } from 'node:crypto';
import { jobs, type HostToWorker, type JobName, type JobOutcome, type ParamsOf, type ResultOf, type WorkerToHost } from '../../src-core/contracts/jobs';
import { HilumError, serializeError, type SerializedError } from '../../src-core/errors';
import type { JobProgress } from '../../src-core/contracts/jobs';

export interface StartOptions {
  onProgress?: (progress: JobProgress) => void;
  /** After a cancel request, how long a job may take to stop by itself before its child is killed. */
  cancelGraceMs?: number;
  /** Hard wall-clock cap: the child is killed and the job fails with TIMEOUT. */
  timeoutMs?: number;
  /** Heap cap of the child, in MiB, where the child kind supports one (worker_threads do). */
  maxHeapMb?: number;
}

export interface JobHandle<T> {
  readonly id: string;
  readonly job: JobName;
  /** Resolves once, with the outcome; never rejects. */
  readonly outcome: Promise<JobOutcome<T>>;
  /** Asks the job to stop; kills the child if it has not stopped within the grace period. */
  cancel(): void;
  /** Kills the child at once (the job fails with WORKER_EXITED). */
  kill(): void;
}

export interface JobChild {
  postMessage(message: HostToWorker): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  onExit(listener: (code: number) => void): void;
  /** An uncaught error inside the child (worker_threads report it before exiting). */
  onCrash?(listener: (message: string) => void): void;
  kill(): void;
}

export class PortJobHost {
  private readonly live = new Set<JobChild>();

  constructor(private readonly spawn: (options: StartOptions) => JobChild) {}

  start<J extends JobName>(job: J, params: ParamsOf<J>, options: StartOptions = {}): JobHandle<ResultOf<J>> {
    const id = randomUUID();
    jobs[job].params.parse(params, 'params');
    const child = this.spawn(options);
    this.live.add(child);
    let settled = false;
    let cancelRequested = false;
    let killedBy: SerializedError | null = null;
    let resolveOutcome!: (outcome: JobOutcome<ResultOf<J>>) => void;
    const outcome = new Promise<JobOutcome<ResultOf<J>>>((resolve) => (resolveOutcome = resolve));
    const timers: ReturnType<typeof setTimeout>[] = [];
    const failWith = (code: SerializedError['code'], message: string, details: Record<string, unknown> = {}) =>
      serializeError(new HilumError(code, message, { job, jobId: id, ...details }));
    const finish = (result: JobOutcome<ResultOf<J>>) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      resolveOutcome(result);
      child.kill();
      this.live.delete(child);
    };
    const stop = (reason: SerializedError) => {
      killedBy = reason;
      child.kill();
    };

    child.onMessage((message) => {
      if (message.kind === 'ready') return child.postMessage({ kind: 'start', id, job, params });
      if (message.id !== id) return;
      if (message.kind === 'progress') return options.onProgress?.(message.progress);
      if (message.kind === 'error') return finish({ status: 'failed', error: message.error });
      if (message.kind === 'cancelled') return finish({ status: 'cancelled', error: failWith('CANCELLED', `Job ${job} was cancelled`) });
      try {
        finish({ status: 'succeeded', value: jobs[job].result.parse(message.value, 'result') as ResultOf<J> });
      } catch (error) {
        finish({ status: 'failed', error: serializeError(error) });
      }
    });
    child.onCrash?.((message) => finish({ status: 'failed', error: failWith('WORKER_CRASHED', `The worker running ${job} crashed: ${message}`, { cause: message }) }));
    child.onExit((code) => {
      if (killedBy) return finish({ status: cancelRequested ? 'cancelled' : 'failed', error: killedBy });
      finish({ status: 'failed', error: failWith('WORKER_EXITED', `The worker running ${job} exited with code ${code} before finishing`, { exitCode: code }) });
    });
    if (options.timeoutMs) {
      timers.push(setTimeout(() => stop(failWith('TIMEOUT', `Job ${job} ran past its limit of ${options.timeoutMs} ms and was stopped`)), options.timeoutMs));
    }
    return {
      id,
      job,
      outcome,
      cancel: () => {
        if (settled || cancelRequested) return;
        cancelRequested = true;
        child.postMessage({ kind: 'cancel', id });
        const grace = options.cancelGraceMs ?? 2000;
        timers.push(setTimeout(() => stop(failWith('CANCELLED', `Job ${job} did not stop within ${grace} ms of cancellation; its worker was terminated`)), grace));
      },
      kill: () => {
        if (!settled) stop(failWith('WORKER_EXITED', `The worker running ${job} was killed`));
      },
    };
  }

  /** Starts a job and waits for it: the value, or a HilumError carrying the typed reason. */
  async run<J extends JobName>(job: J, params: ParamsOf<J>, options: StartOptions = {}): Promise<ResultOf<J>> {
    const outcome = await this.start(job, params, options).outcome;
    if (outcome.status === 'succeeded') return outcome.value;
    throw new HilumError(outcome.error.code, outcome.error.message, outcome.error.details);
  }

  /** Kills every live child (at shutdown). */
  async close(): Promise<void> {
    for (const child of this.live) child.kill();
    this.live.clear();
  }
}
