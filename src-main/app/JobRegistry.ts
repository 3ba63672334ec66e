/**
 * The one job tracker: every job the app starts (a pool job, or a task main orchestrates such as a
 * dataset import) is recorded in the store's job_runs table (start, parameters, outcome, result,
 * duration), so states survive a restart; progress events are kept in memory (bounded) for the
 * renderer to poll `jobs.events` by id, the same over Electron IPC and the dev host.
 */
import { desc, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { JobOutcome, JobProgress } from '../../src-core/contracts/jobs';
import { HilumError, serializeError, type SerializedError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import { jobRuns } from '../store/schema/system';

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

type Status = 'running' | 'succeeded' | 'failed' | 'cancelled';

interface Entry {
  job: string;
  status: Status;
  events: TrackedEvent[];
  nextSeq: number;
  error: SerializedError | null;
  cancel: () => void;
  cancellable: boolean;
}

export class JobRegistry {
  private readonly entries = new Map<string, Entry>();
  private recovered = false;

  /** `store` is opened lazily; without one (tests of the in-memory part only) nothing is persisted. */
  constructor(
    private readonly store?: () => Store,
    private readonly maxEventsPerJob = 5000,
  ) {}

  /** Call before the job can report progress; returns the onProgress callback to hand to the host. */
  progressSink(): { onProgress: (p: JobProgress) => void; attach: (job: StartedJob, params?: unknown) => void } {
    const pending: JobProgress[] = [];
    let entry: Entry | undefined;
    return {
      onProgress: (p) => (entry ? this.push(entry, p) : pending.push(p)),
      attach: (job, params = {}) => {
        entry = {
          job: job.job,
          status: 'running',
          events: [],
          nextSeq: 0,
          error: null,
          cancel: () => job.cancel(),
          cancellable: job.cancellable ?? true,
        };
        this.entries.set(job.id, entry);
        for (const p of pending.splice(0)) this.push(entry, p);
        const startedAt = new Date();
        this.db()
          ?.insert(jobRuns)
          .values({ id: job.id, job: job.job, status: 'running', paramsJson: JSON.stringify(params), startedAt: startedAt.toISOString() })
          .run();
        const settled = entry;
        void job.outcome.then((outcome) => {
          settled.status = outcome.status;
          settled.error = outcome.status === 'succeeded' ? null : outcome.error;
          this.recordOutcome(job.id, outcome, startedAt);
        });
      },
    };
  }

  /**
   * Tracks a task that main orchestrates rather than one pool job (e.g. the dataset import, which fans
   * out to the pool itself). `jobs.cancel` aborts its signal when `cancellable`; the task then ends with
   * a CANCELLED error, recorded as cancelled.
   */
  track(
    job: string,
    run: (onProgress: (p: JobProgress) => void, signal: AbortSignal) => Promise<unknown>,
    params: unknown = {},
    options: { cancellable?: boolean } = {},
  ): { id: string; outcome: Promise<JobOutcome<unknown>> } {
    const id = randomUUID();
    const sink = this.progressSink();
    const controller = new AbortController();
    const outcome: Promise<JobOutcome<unknown>> = run(sink.onProgress, controller.signal).then(
      (value) => ({ status: 'succeeded' as const, value }),
      (error: unknown) => {
        const serialized = serializeError(error);
        return { status: serialized.code === 'CANCELLED' ? ('cancelled' as const) : ('failed' as const), error: serialized };
      },
    );
    const cancel = () => controller.abort(new HilumError('CANCELLED', `Job ${id} (${job}) was cancelled`, { jobId: id }));
    sink.attach({ id, job, outcome, cancel, cancellable: options.cancellable ?? false }, params);
    return { id, outcome };
  }

  events(jobId: string, after: number) {
    const entry = this.entries.get(jobId);
    if (entry)
      return { jobId, job: entry.job, status: entry.status, events: entry.events.filter((e) => e.seq > after), error: entry.error };
    // A job of an earlier session: its state and outcome are in the store; its progress events were not kept.
    const row = this.db()?.select().from(jobRuns).where(eq(jobRuns.id, jobId)).get();
    if (!row) throw new HilumError('NOT_FOUND', `No job with id ${jobId} is known to this installation`, { jobId });
    const error = row.errorCode
      ? serializeError(new HilumError(row.errorCode as SerializedError['code'], row.errorMessage ?? '', { jobId }))
      : null;
    return { jobId, job: row.job, status: row.status, events: [] as TrackedEvent[], error };
  }

  /** The stored result of the latest successful run of `job` (e.g. the last worklist review), or null. */
  latestResult(job: string): unknown {
    const row = this.db()
      ?.select({ resultJson: jobRuns.resultJson })
      .from(jobRuns)
      .where(eq(jobRuns.job, job))
      .orderBy(desc(jobRuns.startedAt))
      .all()
      .find((r) => r.resultJson !== null);
    return row?.resultJson ? (JSON.parse(row.resultJson) as unknown) : null;
  }

  cancel(jobId: string): boolean {
    const entry = this.entries.get(jobId);
    if (!entry) return (this.events(jobId, 0), false);
    if (entry.status !== 'running' || !entry.cancellable) return false;
    entry.cancel();
    return true;
  }

  private push(entry: Entry, progress: JobProgress): void {
    entry.events.push({ ...progress, seq: entry.nextSeq++ });
    // Old events are dropped first: a long training run keeps its latest points for live curves.
    if (entry.events.length > this.maxEventsPerJob) entry.events.splice(0, entry.events.length - this.maxEventsPerJob);
  }

  private recordOutcome(id: string, outcome: JobOutcome<unknown>, startedAt: Date): void {
    const finishedAt = new Date();
    this.db()
      ?.update(jobRuns)
      .set({
        status: outcome.status,
        resultJson: outcome.status === 'succeeded' ? JSON.stringify(outcome.value ?? null) : null,
        errorCode: outcome.status === 'succeeded' ? null : outcome.error.code,
        errorMessage: outcome.status === 'succeeded' ? null : outcome.error.message,
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
      })
      .where(eq(jobRuns.id, id))
      .run();
  }

  /** The store, after marking jobs an earlier session left running as failed: their worker died with that session. */
  private db(): Store['db'] | undefined {
    const store = this.store?.();
    if (!store) return undefined;
    if (!this.recovered) {
      this.recovered = true;
      store.db
        .update(jobRuns)
        .set({
          status: 'failed',
          errorCode: 'WORKER_EXITED',
          errorMessage: 'Hilum stopped before this job finished',
          finishedAt: new Date().toISOString(),
        })
        .where(eq(jobRuns.status, 'running'))
        .run();
    }
    return store.db;
  }
}
