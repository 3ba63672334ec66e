/** Handler for `inference.saliency` (contract in src-core/contracts/jobs/saliency.ts). */
import { computeSaliencyMaps } from '../inference/computeSaliencyMaps';
import type { JobHandlerTable } from './JobHandler';

export const saliencyHandlers: JobHandlerTable = {
  'inference.saliency': (params, ctx) => computeSaliencyMaps(params, ctx),
};
