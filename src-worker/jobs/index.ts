/** The worker's job handler table: one entry per implemented job type. */
import type { JobHandlerTable } from './JobHandler';
import { datasetsHandlers } from './datasets';
import { diagnosticsHandlers } from './diagnostics';
import { dicomHandlers } from './dicom';
import { evaluationHandlers } from './evaluation';
import { imagesHandlers } from './images';
import { inferenceHandlers } from './inference';
import { systemHandlers } from './system';
import { pretrainHandlers } from './pretrain';
import { recipeHandlers } from './recipe';
import { saliencyHandlers } from './saliency';
import { trainHandlers } from './train';

export const jobHandlers: JobHandlerTable = {
  ...diagnosticsHandlers,
  ...datasetsHandlers,
  ...imagesHandlers,
  ...dicomHandlers,
  ...evaluationHandlers,
  ...inferenceHandlers,
  ...systemHandlers,
  ...trainHandlers,
  ...pretrainHandlers,
  ...recipeHandlers,
  ...saliencyHandlers,
};
export type { JobHandler, JobHandlerTable } from './JobHandler';
