/**
 * The worker side of `arrays.prepare`: cached pixels of each set → one normalised images.npy [N, H, W].
 * The normalisation (pixel mean and SD) is fitted on the first set (the training split) unless given,
 * and returned so the run records it and the bundle serves with the same transform.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import { serializeNpy } from '../../src-core/model/serializeNpy';
import { loadCachedImages } from './loadCachedImages';

/** Pixel mean and SD over every pixel of every image (population SD, floored so it can divide). */
function pixelStatistics(images: Float32Array[]): { mean: number; std: number } {
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (const image of images) {
    for (let i = 0; i < image.length; i++) {
      sum += image[i]!;
      sumSquares += image[i]! * image[i]!;
    }
    count += image.length;
  }
  if (count === 0) throw new HilumError('INVALID_ARGUMENT', 'cannot fit a normalisation on no images', {});
  const mean = sum / count;
  return { mean, std: Math.sqrt(Math.max(sumSquares / count - mean * mean, 1e-12)) };
}

export function prepareSplitImages(params: ParamsOf<'arrays.prepare'>, progress: (message: string) => void): ResultOf<'arrays.prepare'> {
  let normalization = params.normalization;
  const sets: ResultOf<'arrays.prepare'>['sets'] = [];
  const size = params.imageSize;
  for (const set of params.sets) {
    const { images, resampledFrom } = loadCachedImages(params.cacheDir, set.cacheKeys, size);
    normalization ??= pixelStatistics(images);
    const { mean, std } = normalization;
    const plane = size * size;
    const stacked = new Float32Array(images.length * plane);
    images.forEach((image, i) => {
      for (let k = 0; k < plane; k++) stacked[i * plane + k] = (image[k]! - mean) / std;
    });
    fs.mkdirSync(set.outDir, { recursive: true });
    const file = path.join(set.outDir, 'images.npy');
    fs.writeFileSync(file, serializeNpy(stacked, [images.length, size, size]));
    sets.push({ name: set.name, images: images.length, file, resampledFrom });
    progress(`${set.name}: ${images.length} images${resampledFrom ? ` resampled from ${resampledFrom} px` : ''} → ${file}`);
  }
  if (!normalization) throw new HilumError('INVALID_ARGUMENT', 'arrays.prepare was given no image sets', {});
  return { normalization, sets };
}
