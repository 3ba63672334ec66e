/**
 * validation.caseImages: the cached model inputs of some of an evaluation's cases, for the error gallery. Only images
 * the evaluation scored are served (an id from elsewhere is NOT_FOUND); reading the pixel cache is a worker job.
 */
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import type { Store } from '../../store/openStore';
import { datasetImages } from '../../store/schema';
import type { JobStarter } from '../AppServices';
import { assertScoredImages } from './assertScoredImages';

export async function loadCaseImages(
  store: Store,
  host: JobStarter,
  recorded: { id: string; modelId: string; json: string },
  imageIds: number[],
): Promise<ResponseOf<'validation.caseImages'>> {
  if (imageIds.length === 0) return { images: [] };
  assertScoredImages(store, recorded, imageIds);
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
