/** The images to evaluate: a stored split (or the whole dataset, or an external set), as records whose pixels a job reads from the cache. */
import { HilumError } from '../../src-core/errors';
import { loadDatasetByName } from '../datasets/loadDatasetByName';
import { loadSplitRecords, type SplitRecords } from '../datasets/loadSplitRecords';
import type { Store } from '../store/openStore';

export type EvalSplit = 'train' | 'val' | 'test' | 'all';

export function loadEvaluationSet(
  store: Store,
  dataset: string,
  split: EvalSplit,
  external: boolean,
): { records: SplitRecords; splitName: string } {
  const row = loadDatasetByName(store, dataset);
  if (external && row.externalOfDatasetId === null) {
    throw new HilumError(
      'INVALID_ARGUMENT',
      `--external: dataset "${dataset}" is not marked as an external test set (hilum dataset split ${dataset} --external-of <dataset>)`,
      { dataset },
    );
  }
  if (!external && row.externalOfDatasetId !== null && split !== 'all') {
    throw new HilumError(
      'INVALID_ARGUMENT',
      `dataset "${dataset}" is an external test set: evaluate it with --external (it has no ${split} split)`,
      { dataset },
    );
  }
  const splitName = external ? 'external' : split;
  try {
    return { records: loadSplitRecords(store, dataset, external || split === 'all' ? null : split), splitName };
  } catch (error) {
    if (error instanceof HilumError && error.code === 'NOT_FOUND')
      throw new HilumError(
        'EVAL_EMPTY_SPLIT',
        `dataset "${dataset}" has no images in split "${splitName}" (was it split? evaluate an unsplit dataset with --split all)`,
        { dataset, split: splitName },
      );
    throw error;
  }
}
