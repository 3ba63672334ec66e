/** The worker's job handler table: one entry per implemented job type. */
import type { JobHandlerTable } from './JobHandler';
import { diagnosticsHandlers } from './diagnostics';

export const jobHandlers: JobHandlerTable = {
  ...diagnosticsHandlers,
};
export type { JobHandler, JobHandlerTable } from './JobHandler';
