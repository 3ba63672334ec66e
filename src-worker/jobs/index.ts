/** The worker's job handler table: one entry per implemented job type. */
import type { JobHandlerTable } from './JobHandler';
import { diagnosticsHandlers } from './diagnostics';
import { pretrainHandlers } from './pretrain';
import { trainHandlers } from './train';

export const jobHandlers: JobHandlerTable = {
  ...diagnosticsHandlers,
  ...trainHandlers,
  ...pretrainHandlers,
};
export type { JobHandler, JobHandlerTable } from './JobHandler';
