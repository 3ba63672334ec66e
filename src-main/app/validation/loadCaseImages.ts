/**
 * validation.caseImages: the cached model inputs of some of an evaluation's cases, for the error gallery. Only images
 * the evaluation scored are served (an id from elsewhere is NOT_FOUND); reading the pixel cache is a worker job.
 */
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import type { Store } from '../../store/openStore';
import { datasetImages } from '../../store/schema';
import { evaluationOutputs } from '../../store/schema/evaluation';
import type { JobStarter } from '../AppServices';
import { storedRunOf, withoutOutputsReason } from './storedEvaluationOutputs';

export async function loadCaseImages(
  store: Store,
  host: JobStarter,
  recorded: { id: string; modelId: string; json: string },
  imageIds: number[],
): Promise<ResponseOf<'validation.caseImages'>> {
  if (imageIds.length === 0) return { images: [] };
  const run = storedRunOf(store, recorded);
  if (!run) throw new HilumError('NOT_FOUND', `evaluation ${recorded.id}: ${withoutOutputsReason}`, { evaluationId: recorded.id });
  const scored = new Set(
    store.db
      .select({ imageId: evaluationOutputs.imageId })
      .from(evaluationOutputs)
      .where(and(eq(evaluationOutputs.evaluationId, run.id), inArray(evaluationOutputs.imageId, imageIds)))
      .all()
      .map((row) => row.imageId),
  );
  const foreign = imageIds.filter((id) => !scored.has(id));
  if (foreign.length)
    throw new HilumError('NOT_FOUND', `evaluation ${recorded.id} did not score image(s) ${foreign.join(', ')}`, {
      evaluationId: recorded.id,
    });
  const keys = new Map(
    store.db
      .select({ id: datasetImages.id, cacheKey: datasetImages.cacheKey })
      .from(datasetImages)
      .where(inArray(datasetImages.id, imageIds))
      .all()
      .map((row) => [row.id, row.cacheKey]),
  );
  const { images } = await host.run('evaluation.caseImages', {
    cacheDir: path.join(store.dataDir, 'cache'),
    cacheKeys: imageIds.map((id) => keys.get(id)!),
  });
  return { images: images.map((image, i) => ({ imageId: imageIds[i]!, ...image })) };
}
