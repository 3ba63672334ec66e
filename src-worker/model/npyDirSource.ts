/**
 * A data source from a directory of NumPy arrays: images.npy [N, H, W] (or [N, 1, H, W]) float32 normalised
 * pixels, targets.npy [N, C], optional mask.npy [N, C] (1 = label known; absent = all known).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import { type DataSource, inMemorySource, type TrainSample } from '../../src-core/model/dataSource';
import { parseNpy } from '../../src-core/model/parseNpy';

function readNpy(file: string): ReturnType<typeof parseNpy> {
  if (!existsSync(file))
    throw new HilumError('NOT_FOUND', `${file}: missing (a data directory needs images.npy and targets.npy)`, { file });
  return parseNpy(readFileSync(file), file);
}

/** requireTargets false (MAE): a directory with images.npy only gives unlabelled samples (all labels masked). */
export function npyDirSource(dir: string, imageSize: number, numClasses: number, requireTargets = true): DataSource {
  const images = readNpy(path.join(dir, 'images.npy'));
  const targetsFile = path.join(dir, 'targets.npy');
  const unlabelled = !requireTargets && !existsSync(targetsFile);
  const targets = unlabelled
    ? { shape: [images.shape[0]!, numClasses], data: new Float32Array(images.shape[0]! * numClasses) }
    : readNpy(targetsFile);
  const maskFile = path.join(dir, 'mask.npy');
  const mask = unlabelled
    ? { shape: targets.shape, data: new Float32Array(targets.data.length) }
    : existsSync(maskFile)
      ? readNpy(maskFile)
      : undefined;
  const N = images.shape[0]!;
  const per = imageSize * imageSize;
  if (images.data.length !== N * per) {
    throw new HilumError(
      'DATASET_FORMAT',
      `${path.join(dir, 'images.npy')}: shape [${images.shape.join(', ')}] is not [N, ${imageSize}, ${imageSize}]`,
      { file: path.join(dir, 'images.npy') },
    );
  }
  for (const [name, a] of [
    ['targets.npy', targets],
    ['mask.npy', mask],
  ] as const) {
    if (a && (a.shape[0] !== N || a.data.length !== N * numClasses)) {
      throw new HilumError('DATASET_FORMAT', `${path.join(dir, name)}: shape [${a.shape.join(', ')}] is not [${N}, ${numClasses}]`, {
        file: path.join(dir, name),
      });
    }
  }
  const ones = new Float32Array(numClasses).fill(1);
  const samples: TrainSample[] = Array.from({ length: N }, (_, i) => ({
    pixels: images.data.subarray(i * per, (i + 1) * per),
    targets: targets.data.subarray(i * numClasses, (i + 1) * numClasses),
    mask: mask ? mask.data.subarray(i * numClasses, (i + 1) * numClasses) : ones,
  }));
  return inMemorySource(samples);
}
