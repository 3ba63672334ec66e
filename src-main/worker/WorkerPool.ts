/**
 * The one worker pool: long-lived children that speak the job protocol (worker_threads for the CLI and
 * tests through WorkerHost, Electron utilityProcesses through UtilityProcessHost), reused across jobs,
 * at most `size` alive at once, a FIFO queue, a per-task time limit, cancellation by id, a heap cap per
 * child and progress events. A job that throws, a child that crashes or is killed, a timeout and a
 * cancellation all end as an outcome with a typed reason; a dead child is replaced on demand and the
 * queue goes on, so the pool never fails because a child did.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { jobs, type JobName, type JobOutcome, type JobProgress, type ParamsOf, type ResultOf } from '../../src-core/contracts/jobs';
import { HilumError, serializeError, type SerializedError } from '../../src-core/errors';
import type { JobChild, SpawnOptions } from './JobChild';

export interface StartOptions {
  onProgress?: (progress: JobProgress) => void;
  /** After a cancel request, how long a job may take to stop by itself before its child is killed. */
  cancelGraceMs?: number;
  /** Wall-clock cap from the moment the job reaches a child: the child is killed and the job fails with TIMEOUT. */
  timeoutMs?: number;
  /**
   * Run in a fresh child of its own, retired after the job, with this heap cap in MiB. For jobs whose
   * memory is not handed back (tfjs-wasm training keeps its 4 GiB heap) or that need a larger cap.
   */
  maxHeapMb?: number;
  /** Run in a fresh child retired after the job (same as maxHeapMb, with the pool's cap). */
  dedicated?: boolean;
}

export interface PoolOptions {
  /** Children alive at most (default: os.availableParallelism()). */
  size?: number;
  /** Default per-task time limit in ms (none when absent); StartOptions.timeoutMs overrides it. */
  timeoutMs?: number;
  /** Heap cap of each shared child, in MiB (default 4096). */
  maxHeapMb?: number;
}

export interface JobHandle<T> {
  readonly id: string;
  readonly job: JobName;
  /** Resolves once, with the outcome; never rejects. */
  readonly outcome: Promise<JobOutcome<T>>;
  /** Asks the job to stop (or drops it from the queue); kills its child if it has not stopped within the grace period. */
  cancel(): void;
  /** Kills the job's child at once (the job fails with WORKER_EXITED; a fresh child takes its place). */
  kill(): void;
}

export interface PoolStats {
  size: number;
  children: number;
  busy: number;
  queued: number;
  /** Children started since the pool was made (replacements included). */
  spawned: number;
}

/** One job from start() to its outcome. */
interface Task {
  id: string;
  job: JobName;
  params: unknown;
  options: StartOptions;
  slot: Slot | null;
  timers: ReturnType<typeof setTimeout>[];
  cancelRequested: boolean;
  settled: boolean;
  resolve: (outcome: JobOutcome<unknown>) => void;
}

/** One child: starting (not ready), idle, or running one task; `reservedFor` marks a dedicated child's own task. */
interface Slot {
  child: JobChild;
  ready: boolean;
  dedicated: boolean;
  reservedFor: Task | null;
  task: Task | null;
}

const isolated = (task: Task): boolean => Boolean(task.options.dedicated || task.options.maxHeapMb);

export class WorkerPool {
  readonly size: number;
  private readonly queue: Task[] = [];
  private readonly slots = new Set<Slot>();
  private readonly tasks = new Map<string, Task>();
  private spawned = 0;
  private closed = false;

  constructor(
    private readonly spawn: (options: SpawnOptions) => JobChild,
    private readonly options: PoolOptions = {},
  ) {
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
  }

  start<J extends JobName>(job: J, params: ParamsOf<J>, options: StartOptions = {}): JobHandle<ResultOf<J>> {
    if (this.closed) throw new HilumError('CONFLICT', `The worker pool is closed; job ${job} was not started`, { job });
    // Parameters are checked here, before a child is involved: a bad request never reaches a worker.
    jobs[job].params.parse(params, 'params');
    const id = randomUUID();
    let resolve!: (outcome: JobOutcome<unknown>) => void;
    const outcome = new Promise<JobOutcome<unknown>>((r) => (resolve = r));
    const task: Task = { id, job, params, options, slot: null, timers: [], cancelRequested: false, settled: false, resolve };
    this.tasks.set(id, task);
    this.queue.push(task);
    this.pump();
    return {
      id,
      job,
      outcome: outcome as Promise<JobOutcome<ResultOf<J>>>,
      cancel: () => this.cancel(id),
      kill: () => {
        if (task.settled) return;
        const reason = this.fail(task, 'WORKER_EXITED', `The worker running ${job} was killed`);
        if (task.slot) return this.killTask(task, reason);
        this.queue.splice(this.queue.indexOf(task), 1);
        this.finish(task, { status: 'failed', error: reason });
      },
    };
  }

  /** Starts a job and waits for it: the value, or a HilumError carrying the typed reason. */
  async run<J extends JobName>(job: J, params: ParamsOf<J>, options: StartOptions = {}): Promise<ResultOf<J>> {
    const outcome = await this.start(job, params, options).outcome;
    if (outcome.status === 'succeeded') return outcome.value;
    throw new HilumError(outcome.error.code, outcome.error.message, outcome.error.details);
  }

  /** Cancels a queued or running job by id; false when no such job is pending. */
  cancel(id: string): boolean {
    const task = this.tasks.get(id);
    if (!task || task.settled) return false;
    if (!task.slot) {
      this.queue.splice(this.queue.indexOf(task), 1);
      this.finish(task, { status: 'cancelled', error: this.fail(task, 'CANCELLED', `Job ${task.job} was cancelled before it started`) });
      return true;
    }
    if (task.cancelRequested) return true;
    task.cancelRequested = true;
    task.slot.child.postMessage({ kind: 'cancel', id });
    const grace = task.options.cancelGraceMs ?? 2000;
    task.timers.push(
      setTimeout(
        () =>
          this.killTask(
            task,
            this.fail(task, 'CANCELLED', `Job ${task.job} did not stop within ${grace} ms of cancellation; its worker was terminated`),
          ),
        grace,
      ),
    );
    return true;
  }

  stats(): PoolStats {
    const busy = [...this.slots].filter((slot) => slot.task !== null).length;
    return { size: this.size, children: this.slots.size, busy, queued: this.queue.length, spawned: this.spawned };
  }

  /** Cancels what is queued and kills every child (at shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0))
      this.finish(task, {
        status: 'cancelled',
        error: this.fail(task, 'CANCELLED', `Job ${task.job} was dropped: the worker pool closed`),
      });
    for (const slot of [...this.slots]) {
      if (slot.task)
        this.finish(slot.task, {
          status: 'cancelled',
          error: this.fail(slot.task, 'CANCELLED', `Job ${slot.task.job} was stopped: the worker pool closed`),
        });
      this.retire(slot);
    }
  }

  /** Hands queued tasks, oldest first, to idle children; starts children (up to the size) for what is left. */
  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const task = this.queue[0]!;
      if (isolated(task)) {
        // Strict FIFO: an isolated task at the head waits for room, making it by retiring an idle shared child.
        const idleShared = [...this.slots].find((slot) => slot.ready && !slot.dedicated && slot.task === null);
        if (this.slots.size >= this.size && idleShared) this.retire(idleShared);
        if (this.slots.size >= this.size) break;
        this.queue.shift();
        this.startSlot(task);
        continue;
      }
      const idle = [...this.slots].find((slot) => slot.ready && !slot.dedicated && slot.task === null);
      if (!idle) break;
      this.queue.shift();
      this.dispatch(idle, task);
    }
    const starting = [...this.slots].filter((slot) => !slot.ready && !slot.dedicated).length;
    let wanted = this.queue.filter((task) => !isolated(task)).length - starting;
    while (!this.closed && wanted-- > 0 && this.slots.size < this.size) this.startSlot(null);
  }

  private startSlot(reservedFor: Task | null): void {
    this.spawned++;
    const maxHeapMb = reservedFor?.options.maxHeapMb ?? this.options.maxHeapMb ?? 4096;
    let child: JobChild;
    try {
      child = this.spawn({ maxHeapMb });
    } catch (error) {
      // A child that cannot even be created fails the task it was for (or the oldest queued one), like a crash at start.
      const task = reservedFor ?? this.queue.shift();
      if (task)
        this.finish(task, {
          status: 'failed',
          error: this.fail(task, 'WORKER_CRASHED', `The worker for ${task.job} could not be started: ${(error as Error).message}`),
        });
      return;
    }
    const slot: Slot = { child, ready: false, dedicated: reservedFor !== null, reservedFor, task: null };
    this.slots.add(slot);
    slot.child.onMessage((message) => {
      if (message.kind === 'ready') {
        slot.ready = true;
        if (slot.reservedFor) return this.dispatch(slot, slot.reservedFor);
        slot.child.ref?.(false);
        return this.pump();
      }
      const task = slot.task;
      if (!task || message.id !== task.id) return;
      if (message.kind === 'progress') return task.options.onProgress?.(message.progress);
      if (message.kind === 'error') return this.finish(task, { status: 'failed', error: message.error });
      if (message.kind === 'cancelled')
        return this.finish(task, { status: 'cancelled', error: this.fail(task, 'CANCELLED', `Job ${task.job} was cancelled`) });
      try {
        this.finish(task, { status: 'succeeded', value: jobs[task.job].result.parse(message.value, 'result') });
      } catch (error) {
        this.finish(task, { status: 'failed', error: serializeError(error) });
      }
    });
    slot.child.onCrash?.((message) => this.onDeath(slot, { crash: message }));
    slot.child.onExit((exitCode) => this.onDeath(slot, { exitCode }));
  }

  private dispatch(slot: Slot, task: Task): void {
    slot.reservedFor = null;
    slot.task = task;
    task.slot = slot;
    slot.child.ref?.(true);
    slot.child.postMessage({ kind: 'start', id: task.id, job: task.job, params: task.params });
    const timeoutMs = task.options.timeoutMs ?? this.options.timeoutMs;
    if (timeoutMs)
      task.timers.push(
        setTimeout(
          () => this.killTask(task, this.fail(task, 'TIMEOUT', `Job ${task.job} ran past its limit of ${timeoutMs} ms and was stopped`)),
          timeoutMs,
        ),
      );
  }

  private finish(task: Task, outcome: JobOutcome<unknown>): void {
    if (task.settled) return;
    task.settled = true;
    task.timers.forEach(clearTimeout);
    this.tasks.delete(task.id);
    const slot = task.slot;
    if (slot && slot.task === task) {
      slot.task = null;
      if (slot.dedicated) this.retire(slot);
      else slot.child.ref?.(false);
    }
    task.resolve(outcome);
    this.pump();
  }

  /** Stops a running task by killing its child: the task ends now with `reason`, a fresh child replaces the old one. */
  private killTask(task: Task, reason: SerializedError): void {
    if (task.settled || !task.slot) return;
    const slot = task.slot;
    this.retire(slot);
    this.finish(task, { status: task.cancelRequested && reason.code !== 'TIMEOUT' ? 'cancelled' : 'failed', error: reason });
  }

  private onDeath(slot: Slot, why: { crash: string } | { exitCode: number }): void {
    if (!this.slots.delete(slot)) return;
    const task = slot.task ?? slot.reservedFor ?? (slot.ready ? null : (this.queue.shift() ?? null));
    // A child that dies before it is ready takes the oldest queued task with it, so a broken entry fails jobs instead of respawning forever.
    if (task) {
      const error =
        'crash' in why
          ? this.fail(task, 'WORKER_CRASHED', `The worker running ${task.job} crashed: ${why.crash}`, { cause: why.crash })
          : this.fail(task, 'WORKER_EXITED', `The worker running ${task.job} exited with code ${why.exitCode} before finishing`, {
              exitCode: why.exitCode,
            });
      this.finish(task, { status: 'failed', error });
    }
    this.pump();
  }

  private retire(slot: Slot): void {
    this.slots.delete(slot);
    slot.child.kill();
  }

  private fail(task: Task, code: SerializedError['code'], message: string, details: Record<string, unknown> = {}): SerializedError {
    return serializeError(new HilumError(code, message, { job: task.job, jobId: task.id, ...details }));
  }
}
