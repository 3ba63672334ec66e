/** The signature of a worker-side job handler, typed from the job contract. */
import type { JobContext, JobName, ParamsOf, ResultOf } from '../../src-core/contracts/jobs';

export type JobHandler<J extends JobName> = (params: ParamsOf<J>, ctx: JobContext) => Promise<ResultOf<J>>;

/** Handlers by job name. Partial: a job declared but not yet implemented answers UNKNOWN_JOB. */
export type JobHandlerTable = { [J in JobName]?: JobHandler<J> };
