/**
 * Runs one job by name inside whatever process hosts it (worker_thread, utilityProcess or the CLI
 * in-process): validates parameters and result against the contract, maps cancellation to CANCELLED.
 */
import { jobs, type JobContext, type JobName } from '../src-core/contracts/jobs';
import { HilumError } from '../src-core/errors';
import { jobHandlers } from './jobs';

export async function runJob(job: string, params: unknown, ctx: JobContext): Promise<unknown> {
  if (!Object.prototype.hasOwnProperty.call(jobs, job)) {
    throw new HilumError('UNKNOWN_JOB', `Unknown job type: ${job}`, { job });
  }
  const name = job as JobName;
  const handler = jobHandlers[name] as ((params: unknown, ctx: JobContext) => Promise<unknown>) | undefined;
  if (!handler) throw new HilumError('UNKNOWN_JOB', `Job type ${job} is declared but this worker has no handler for it`, { job });
  const parsed = jobs[name].params.parse(params, 'params');
  try {
    const result = await handler(parsed, ctx);
    return jobs[name].result.parse(result, 'result');
  } catch (error) {
    if (ctx.signal.aborted) throw new HilumError('CANCELLED', `Job ${ctx.id} (${job}) was cancelled`, { job });
    throw error;
  }
}
