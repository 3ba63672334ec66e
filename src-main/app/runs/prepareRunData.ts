/**
 * The arrays an app run trains on, from a stored dataset's patient splits (`train`, and `val` for
 * fine-tuning): pixels are read from the cache and normalised by an `arrays.prepare` worker job (the
 * normalisation fitted on the training split, as `hilum train --dataset` does), targets written here.
 * Returns the config's data section and preprocessing, and the image size and label count the model must match.
 */
import path from 'node:path';
import type { PreprocessingSpec } from '../../../src-core/bundle';
import { HilumError } from '../../../src-core/errors';
import { loadDatasetByName } from '../../datasets/loadDatasetByName';
import { loadSplitRecords, writeSplitTargets } from '../../datasets/loadSplitRecords';
import type { JobRunner } from '../../runs/trainFromDataset';
import type { Store } from '../../store/openStore';

export interface RunData {
  data: { source: 'npy'; trainDir: string; valDir?: string };
  preprocessing: PreprocessingSpec;
  imageSize: number;
  numClasses: number;
  /** Images in the training split (the run's steps per epoch follow from it and the batch size). */
  trainImages: number;
}

export async function prepareRunData(
  store: Store,
  host: JobRunner,
  dataset: string,
  runDir: string,
  kind: 'train' | 'pretrain',
): Promise<RunData> {
  const d = loadDatasetByName(store, dataset);
  const splits = kind === 'train' ? ['train', 'val'] : ['train'];
  const records = splits.map((split) => {
    try {
      return loadSplitRecords(store, dataset, split);
    } catch (error) {
      if (error instanceof HilumError && error.code === 'NOT_FOUND')
        throw new HilumError('NOT_FOUND', `Dataset "${dataset}" has no images in split "${split}": split it by patient first`, {
          dataset,
          split,
        });
      throw error;
    }
  });
  const dirs = splits.map((split) => path.join(runDir, 'data', split));
  const prepared = await host.run('arrays.prepare', {
    cacheDir: path.join(store.dataDir, 'cache'),
    imageSize: d.imageSize,
    normalization: null,
    sets: records.map((r, i) => ({ name: splits[i]!, cacheKeys: r.cacheKeys, outDir: dirs[i]! })),
  });
  if (kind === 'train') records.forEach((r, i) => writeSplitTargets(r, dirs[i]!));
  return {
    data: { source: 'npy', trainDir: dirs[0]!, ...(dirs[1] ? { valDir: dirs[1] } : {}) },
    preprocessing: {
      imageSize: d.imageSize,
      aspect: d.aspect === 'stretch' ? 'stretch' : 'pad',
      voi: 'header',
      normalization: prepared.normalization,
    },
    imageSize: d.imageSize,
    numClasses: records[0]!.labelNames.length,
    trainImages: records[0]!.imageIds.length,
  };
}
