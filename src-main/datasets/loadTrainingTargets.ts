/**
 * Reads a dataset split's label states from the store and turns them into training targets under
 * an uncertain-label policy (see src-core/datasets/buildTrainingTargets). Rows come with their
 * cache keys, which is how training reads pixels (from the cache, never re-decoding).
 */
import { HilumError } from '../../src-core/errors';
import { buildTrainingTargets, type TargetPolicy, type TrainingTargets } from '../../src-core/datasets/buildTrainingTargets';
import type { LabelState } from '../../src-core/datasets/labelState';
import type { Store } from '../store/openStore';
import { loadDatasetByName } from './loadDatasetByName';

export interface SplitTargets extends TrainingTargets {
  labelNames: string[];
  imageIds: number[];
  cacheKeys: string[];
}

export function loadTrainingTargets(store: Store, name: string, split: string | null, policy: TargetPolicy): SplitTargets {
  const d = loadDatasetByName(store, name);
  const labelNames = JSON.parse(d.labelNamesJson) as string[];
  const labelIndex = new Map(labelNames.map((l, i) => [l, i]));
  const images = store.sqlite
    .prepare(
      `SELECT id, cache_key AS cacheKey FROM dataset_images WHERE dataset_id = ? ${split === null ? '' : 'AND split = ?'} ORDER BY id`,
    )
    .all(...(split === null ? [d.id] : [d.id, split])) as { id: number; cacheKey: string }[];
  if (images.length === 0)
    throw new HilumError('NOT_FOUND', `Dataset "${name}" has no images${split ? ` in split "${split}"` : ''}`, { name, split });
  const row = new Map(images.map((im, i) => [im.id, i]));
  const states: LabelState[][] = images.map(() => labelNames.map(() => null));
  const labels = store.sqlite
    .prepare(
      `SELECT l.image_id AS imageId, l.label AS label, l.state AS state FROM dataset_labels l JOIN dataset_images i ON i.id = l.image_id
      WHERE i.dataset_id = ? ${split === null ? '' : 'AND i.split = ?'}`,
    )
    .all(...(split === null ? [d.id] : [d.id, split])) as { imageId: number; label: string; state: number | null }[];
  for (const l of labels) {
    const r = row.get(l.imageId);
    const c = labelIndex.get(l.label);
    if (r !== undefined && c !== undefined) (states[r] as LabelState[])[c] = l.state as LabelState;
  }
  const targets = buildTrainingTargets(states, labelNames.length, policy);
  return { ...targets, labelNames, imageIds: images.map((i) => i.id), cacheKeys: images.map((i) => i.cacheKey) };
}
