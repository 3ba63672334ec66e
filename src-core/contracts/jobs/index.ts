/**
 * Every main → worker job type, declared once; the worker's handler table and the host's typed
 * `start()` are derived from it. Add an area file and spread it here.
 */
import { diagnosticsJobs } from './diagnostics';
import { trainJobs } from './train';

export const jobs = {
  ...diagnosticsJobs,
  ...trainJobs,
} as const;

export type Jobs = typeof jobs;
export type JobName = keyof Jobs;
export { defineJob } from './defineJob';
export type { JobDefinition } from './defineJob';
export * from './protocol';
