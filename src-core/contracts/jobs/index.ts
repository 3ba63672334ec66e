/**
 * Every main → worker job type, declared once; the worker's handler table and the host's typed
 * `start()` are derived from it. Add an area file and spread it here.
 */
import { datasetsJobs } from './datasets';
import { diagnosticsJobs } from './diagnostics';
import { dicomJobs } from './dicom';
import { evaluationJobs } from './evaluation';
import { imagesJobs } from './images';
import { inferenceJobs } from './inference';
import { recipeJobs } from './recipe';
import { saliencyJobs } from './saliency';
import { systemJobs } from './system';
import { trainJobs } from './train';

export const jobs = {
  ...diagnosticsJobs,
  ...datasetsJobs,
  ...imagesJobs,
  ...dicomJobs,
  ...evaluationJobs,
  ...inferenceJobs,
  ...systemJobs,
  ...trainJobs,
  ...recipeJobs,
  ...saliencyJobs,
} as const;

export type Jobs = typeof jobs;
export type JobName = keyof Jobs;
export { defineJob } from './defineJob';
export type { JobDefinition } from './defineJob';
export * from './protocol';
