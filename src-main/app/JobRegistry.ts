/**
 * Keeps the jobs the app started, their progress events (bounded) and outcome, so the renderer can
 * poll `jobs.events` by id: request/response works the same over Electron IPC and the dev host.
 */
import type { JobOutcome, JobProgress } from '../../src-core/contracts/jobs';
import { randomUUID } from 'node:crypto';
import { HilumError, serializeError, type SerializedError } from '../../src-core/errors';

export interface TrackedEvent extends JobProgress {
  seq: number;
}

export interface StartedJob {
  readonly id: string;
  readonly job: string;
  readonly outcome: Promise<JobOutcome<unknown>>;
  cancel(): void;
  readonly cancellable?: boolean;
}

interface Entry {
  job: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  events: TrackedEvent[];
  nextSeq: number;
  error: SerializedError | null;
  cancel: () => void;
  cancellable: boolean;
}

export class JobRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEventsPerJob = 5000) {}

  /** Call before the job can report progress; returns the onProgress callback to hand to the host. */
  progressSink(): { onProgress: (p: JobProgress) => void; attach: (job: StartedJob) => void } {
    const pending: JobProgress[] = [];
    let entry: Entry | undefined;
    return {
      onProgress: (p) => (entry ? this.push(entry, p) : pending.push(p)),
      attach: (job) => {
        entry = { job: job.job, status: 'running', events: [], nextSeq: 0, error: null, cancel: () => job.cancel(), cancellable: job.cancellable ?? true };
        this.entries.set(job.id, entry);
        for (const p of pending.splice(0)) this.push(entry, p);
        const settled = entry;
        void job.outcome.then((outcome) => {
          settled.status = outcome.status;
          settled.error = outcome.status === 'succeeded' ? null : outcome.error;
        });
      },
    };
  }

  /**
   * Tracks a task that runs in main rather than in a worker (e.g. the dataset import, which fans out
   * to workers itself). It cannot be cancelled: jobs.cancel answers false for it.
   */
  track(job: string, run: (onProgress: (p: JobProgress) => void) => Promise<unknown>): string {
    const id = randomUUID();
    const sink = this.progressSink();
    const outcome: Promise<JobOutcome<unknown>> = run(sink.onProgress).then(
      (value) => ({ status: 'succeeded' as const, value }),
      (error: unknown) => ({ status: 'failed' as const, error: serializeError(error) }),
    );
    sink.attach({ id, job, outcome, cancel: () => undefined, cancellable: false });
    return id;
  }

  private push(entry: Entry, progress: JobProgress): void {
    entry.events.push({ ...progress, seq: entry.nextSeq++ });
    // Old events are dropped first: a long training run keeps its latest points for live curves.
    if (entry.events.length > this.maxEventsPerJob) entry.events.splice(0, entry.events.length - this.maxEventsPerJob);
  }

  events(jobId: string, after: number) {
    const entry = this.get(jobId);
    return { jobId, job: entry.job, status: entry.status, events: entry.events.filter((e) => e.seq > after), error: entry.error };
  }

  cancel(jobId: string): boolean {
    const entry = this.get(jobId);
    if (entry.status !== 'running' || !entry.cancellable) return false;
    entry.cancel();
    return true;
  }

  private get(jobId: string): Entry {
    const entry = this.entries.get(jobId);
    if (!entry) throw new HilumError('NOT_FOUND', `No job with id ${jobId} was started by this app session`, { jobId });
    return entry;
  }
}
