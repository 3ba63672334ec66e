/**
 * A job runner over the app's pool whose jobs are cancelled when `signal` aborts, so a task main
 * orchestrates (the worklist review) stops its pool jobs when the user presses Cancel.
 */
import { deserializeError } from '../../../src-core/errors';
import type { JobRunner } from '../../worker/withJobRunner';
import type { JobStarter } from '../AppServices';

export function cancellableRunner(host: JobStarter, signal: AbortSignal): JobRunner {
  return {
    run: (async (job, params, options) => {
      signal.throwIfAborted();
      const started = host.start(job, params, options);
      const cancel = () => started.cancel();
      signal.addEventListener('abort', cancel, { once: true });
      try {
        const outcome = await started.outcome;
        if (outcome.status === 'succeeded') return outcome.value;
        throw deserializeError(outcome.error);
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    }) as JobRunner['run'],
  };
}
