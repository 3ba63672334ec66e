/** What the main-side handlers need: the store, the worker host, the job registry, the review folders. */
import type { JobName, JobOutcome, ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import type { Store } from '../store/openStore';
import type { StartOptions } from '../worker/WorkerHost';
import type { JobRegistry } from './JobRegistry';
import type { ReviewStudies } from './images/ReviewStudies';

/** WorkerHost (worker_threads) and UtilityProcessHost (Electron) both fit this. */
export interface JobStarter {
  start<J extends JobName>(
    job: J,
    params: ParamsOf<J>,
    options?: StartOptions,
  ): { id: string; job: JobName; outcome: Promise<JobOutcome<ResultOf<J>>>; cancel(): void };
  run<J extends JobName>(job: J, params: ParamsOf<J>, options?: StartOptions): Promise<ResultOf<J>>;
  close(): Promise<void>;
}

export interface AppServices {
  readonly version: string;
  readonly dataDir: string;
  store(): Store;
  host(): JobStarter;
  readonly jobs: JobRegistry;
  readonly studies: ReviewStudies;
}

/** Who is calling: the Electron window over IPC, or a browser over the loopback dev host. */
export interface AppCallContext {
  readonly via: 'electron' | 'devhost';
}
