/** Cached dataset pixels by cache key, resampled to the model's input size when cached at another size (the one box/bilinear family import uses). */
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import { resample } from '../datasets/image/resampleToSquare';
import { readCachedImage } from '../datasets/pixelCache';

export interface CachedImages {
  images: Float32Array[];
  /** The cached size when it differed from the requested one (every image was resampled), else null. */
  resampledFrom: number | null;
}

export function loadCachedImages(cacheDir: string, cacheKeys: readonly string[], imageSize: number): CachedImages {
  let resampledFrom: number | null = null;
  const images = cacheKeys.map((key) => {
    const cached = readCachedImage(cacheDir, key);
    if (!cached)
      throw new HilumError('NOT_FOUND', `${path.join(cacheDir, key.slice(0, 2), key)}: cached pixels are missing (re-import the dataset)`, {
        file: cacheDir,
        key,
      });
    const { width, height } = cached.header;
    if (width === imageSize && height === imageSize) return cached.pixels;
    if (width !== height) throw new HilumError('INVALID_ARGUMENT', `cache entry ${key} is ${width}×${height}, not square`, { key });
    resampledFrom = width;
    return resample({ width, height, pixels: cached.pixels }, imageSize, imageSize).pixels;
  });
  return { images, resampledFrom };
}
