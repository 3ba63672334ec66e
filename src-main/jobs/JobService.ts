/**
 * Long jobs as the app and CLI see them: started through the WorkerHost, recorded in the store's
 * job_runs table (start, outcome, duration), with progress kept in memory and fanned out to
 * listeners (the UI's live curves), and cancellable by id.
 */
import { eq } from 'drizzle-orm';
import type { JobName, JobOutcome, JobProgress, ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import { jobRuns } from '../store/schema';
import type { JobHandle, StartOptions, WorkerHost } from '../worker/WorkerHost';

export interface JobEvent {
  id: string;
  job: JobName;
  kind: 'progress' | 'finished';
  progress?: JobProgress;
  outcome?: JobOutcome<unknown>;
}

interface LiveJob {
  handle: JobHandle<unknown>;
  progress: JobProgress[];
}

/** At most this many progress events are kept per job (older ones are thinned, never the last). */
const progressHistoryLimit = 5000;

export class JobService {
  private readonly live = new Map<string, LiveJob>();
  private readonly listeners = new Set<(event: JobEvent) => void>();

  constructor(
    private readonly store: Store,
    private readonly host: WorkerHost,
  ) {}

  start<J extends JobName>(job: J, params: ParamsOf<J>, options: Omit<StartOptions, 'onProgress'> = {}): { id: string; outcome: Promise<JobOutcome<ResultOf<J>>> } {
    const startedAt = new Date();
    const entry: LiveJob = { handle: undefined as unknown as JobHandle<unknown>, progress: [] };
    const handle = this.host.start(job, params, {
      ...options,
      onProgress: (progress) => {
        entry.progress.push(progress);
        if (entry.progress.length > progressHistoryLimit) entry.progress.splice(0, entry.progress.length - progressHistoryLimit);
        this.emit({ id: handle.id, job, kind: 'progress', progress });
      },
    });
    entry.handle = handle as JobHandle<unknown>;
    this.live.set(handle.id, entry);
    this.store.db.insert(jobRuns).values({ id: handle.id, job, status: 'running', paramsJson: JSON.stringify(params), startedAt: startedAt.toISOString() }).run();
    const outcome = handle.outcome.then((result) => {
      const finishedAt = new Date();
      this.store.db
        .update(jobRuns)
        .set({
          status: result.status,
          resultJson: result.status === 'succeeded' ? JSON.stringify(result.value) : null,
          errorCode: result.status === 'succeeded' ? null : result.error.code,
          errorMessage: result.status === 'succeeded' ? null : result.error.message,
          finishedAt: finishedAt.toISOString(),
          durationMs: finishedAt.getTime() - startedAt.getTime(),
        })
        .where(eq(jobRuns.id, handle.id))
        .run();
      this.live.delete(handle.id);
      this.emit({ id: handle.id, job, kind: 'finished', outcome: result });
      return result;
    });
    return { id: handle.id, outcome };
  }

  cancel(id: string): void {
    const entry = this.live.get(id);
    if (!entry) throw new HilumError('NOT_FOUND', `No running job with id ${id}`, { id });
    entry.handle.cancel();
  }

  /** Progress so far of a running job (empty once it has finished: its outcome is in job_runs). */
  progressOf(id: string): JobProgress[] {
    return [...(this.live.get(id)?.progress ?? [])];
  }

  subscribe(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
