/** Handler for `inference.predictFiles` (contract in src-core/contracts/jobs/inference.ts). */
import { predictInputs } from '../inference/predictInputs';
import type { JobHandlerTable } from './JobHandler';

export const inferenceHandlers: JobHandlerTable = {
  'inference.predictFiles': (params, ctx) => predictInputs(params, ctx),
};
