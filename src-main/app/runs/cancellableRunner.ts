/**
 * A job runner for a task the app tracks (JobRegistry.track): each worker job it starts is cancelled when the
 * task's signal aborts, so "Cancel" on a training, bundling or evaluation task stops the worker job it is waiting on.
 */
import type { JobName, ParamsOf, ResultOf } from '../../../src-core/contracts/jobs';
import { HilumError } from '../../../src-core/errors';
import type { JobRunner } from '../../runs/trainFromDataset';
import type { JobStarter } from '../AppServices';

export function cancellableRunner(host: JobStarter, signal: AbortSignal): JobRunner {
  const run = async <J extends JobName>(job: J, params: ParamsOf<J>, options?: Parameters<JobStarter['run']>[2]) => {
    if (signal.aborted) throw new HilumError('CANCELLED', `${job} was cancelled before it started`, { job });
    const handle = host.start(job, params, options);
    const stop = () => handle.cancel();
    signal.addEventListener('abort', stop, { once: true });
    try {
      const outcome = await handle.outcome;
      if (outcome.status === 'succeeded') return outcome.value as ResultOf<J>;
      throw new HilumError(outcome.error.code, outcome.error.message, outcome.error.details);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  };
  return { run } as JobRunner;
}
