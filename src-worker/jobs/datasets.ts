/** Handlers for the dataset import jobs (contracts in src-core/contracts/jobs/datasets.ts). */
import { importOneFile } from '../datasets/importOneFile';
import { readDatasetSource } from '../datasets/readDatasetSource';
import type { JobHandlerTable } from './JobHandler';

export const datasetsHandlers: JobHandlerTable = {
  'datasets.readSource': (params, ctx) => readDatasetSource(params, ctx.signal),
  'datasets.importFile': (params) => importOneFile(params),
};
