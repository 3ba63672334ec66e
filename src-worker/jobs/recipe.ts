/** Handlers for the recipe jobs `arrays.prepare` and `model.infer` (contracts in src-core/contracts/jobs/recipe.ts). */
import type { JobHandlerTable } from './JobHandler';
import { inferImageSets } from '../onnx/inferImageSets';
import { prepareSplitImages } from '../onnx/prepareSplitImages';

export const recipeHandlers: JobHandlerTable = {
  'arrays.prepare': async (params, ctx) => prepareSplitImages(params, (message) => ctx.progress({ message })),
  'model.infer': async (params, ctx) => inferImageSets(params, (message) => ctx.progress({ message })),
};
