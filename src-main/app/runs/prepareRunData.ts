/**
 * Writes the arrays a run trains on from a stored dataset's patient splits (`train`, and `val` for
 * fine-tuning) with the demo's split loader, and returns the config's data section and the image size
 * and label count the model must match.
 */
import path from 'node:path';
import { HilumError } from '../../../src-core/errors';
import { loadSplitArrays, writeSplitArrays } from '../../datasets/loadSplitArrays';
import type { Store } from '../../store/openStore';

export interface RunData {
  data: { source: 'npy'; trainDir: string; valDir?: string };
  imageSize: number;
  numClasses: number;
}

export function prepareRunData(store: Store, dataset: string, runDir: string, kind: 'train' | 'pretrain'): RunData {
  const train = loadSplitArrays(store, dataset, 'train');
  if (train.pixels.length === 0) {
    throw new HilumError('CONFLICT', `Dataset "${dataset}" has no images in split "train": split it by patient first`, { dataset });
  }
  const trainDir = writeSplitArrays(train, path.join(runDir, 'data', 'train'), kind === 'train');
  if (kind === 'pretrain') return { data: { source: 'npy', trainDir }, imageSize: train.size, numClasses: train.labelNames.length };
  const val = loadSplitArrays(store, dataset, 'val');
  if (val.pixels.length === 0) throw new HilumError('CONFLICT', `Dataset "${dataset}" has no images in split "val"`, { dataset });
  const valDir = writeSplitArrays(val, path.join(runDir, 'data', 'val'));
  return { data: { source: 'npy', trainDir, valDir }, imageSize: train.size, numClasses: train.labelNames.length };
}
