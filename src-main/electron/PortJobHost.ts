/**
 * A job host over any child that speaks the job protocol through postMessage: one child per job,
 * progress events, cancel with a grace period, timeout and kill — the same outcomes as WorkerHost
 * (worker_threads). UtilityProcessHost plugs Electron's utilityProcess into it; tests plug in a fake.
 */
import { randomUUID } from 'node:crypto';
import { jobs, type HostToWorker, type JobName, type JobOutcome, type ParamsOf, type ResultOf, type WorkerToHost } from '../../src-core/contracts/jobs';
import { HilumError, serializeError, type SerializedError } from '../../src-core/errors';
import type { JobStarter } from '../app/AppServices';
import type { StartOptions } from '../worker/WorkerHost';

export interface JobChild {
  postMessage(message: HostToWorker): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export class PortJobHost implements JobStarter {
  private readonly live = new Set<JobChild>();

  constructor(private readonly spawn: () => JobChild) {}

  start<J extends JobName>(job: J, params: ParamsOf<J>, options: StartOptions = {}) {
    const id = randomUUID();
    jobs[job].params.parse(params, 'params');
    const child = this.spawn();
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
    child.onExit((code) => {
      if (killedBy) return finish({ status: cancelRequested ? 'cancelled' : 'failed', error: killedBy });
      finish({ status: 'failed', error: failWith('WORKER_EXITED', `The process running ${job} exited with code ${code} before finishing`, { exitCode: code }) });
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
        timers.push(setTimeout(() => stop(failWith('CANCELLED', `Job ${job} did not stop within ${grace} ms of cancellation; its process was killed`)), grace));
      },
      kill: () => {
        if (!settled) stop(failWith('WORKER_EXITED', `The process running ${job} was killed`));
      },
    };
  }

  async run<J extends JobName>(job: J, params: ParamsOf<J>, options: StartOptions = {}): Promise<ResultOf<J>> {
    const outcome = await this.start(job, params, options).outcome;
    if (outcome.status === 'succeeded') return outcome.value;
    throw new HilumError(outcome.error.code, outcome.error.message, outcome.error.details);
  }

  async close(): Promise<void> {
    for (const child of this.live) child.kill();
    this.live.clear();
  }
}
