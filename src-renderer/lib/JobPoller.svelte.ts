/** Polls a job's progress events until it ends; keeps the latest fraction/message and all events. */
import type { ResponseOf } from '../../src-core/contracts/bridge';
import { api } from './api';
import { toShownError, type ShownError } from './humanError';

type JobEvents = ResponseOf<'jobs.events'>;

export class JobPoller {
  status = $state<JobEvents['status'] | 'starting'>('starting');
  events = $state<JobEvents['events']>([]);
  error = $state<ShownError | undefined>(undefined);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly jobId: string,
    private readonly intervalMs = 500,
  ) {
    void this.poll();
  }

  get latest() {
    return this.events.at(-1);
  }

  private async poll(): Promise<void> {
    try {
      const after = this.events.at(-1)?.seq ?? -1;
      const answer = await api['jobs.events']({ jobId: this.jobId, after });
      if (answer.events.length) this.events = [...this.events, ...answer.events];
      this.status = answer.status;
      if (answer.error) this.error = { code: answer.error.code, message: answer.error.message };
      if (answer.status === 'running') this.timer = setTimeout(() => void this.poll(), this.intervalMs);
    } catch (error) {
      this.error = toShownError(error);
    }
  }

  async cancel(): Promise<void> {
    try {
      await api['jobs.cancel']({ jobId: this.jobId });
    } catch (error) {
      this.error = toShownError(error);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
