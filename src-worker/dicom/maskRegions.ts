/** Fills burned-in text regions with the median of a ring around each one (thickness: half the region's smaller side, ≥ 3 px). */
import type { NormalisedImage, PixelRegion } from '../../src-core/dicom/types';
import { ringMedian } from './ringMedian';

export function maskRegions(image: NormalisedImage, regions: PixelRegion[]): NormalisedImage {
  const { width, height } = image;
  const pixels = new Float32Array(image.pixels);
  for (const r of regions) {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(width, Math.ceil(r.x + r.width));
    const y1 = Math.min(height, Math.ceil(r.y + r.height));
    if (x1 <= x0 || y1 <= y0) continue;
    const clipped = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    // The ring is read from the original pixels so one region's fill never feeds another's.
    const fill =
      ringMedian(image.pixels, width, height, clipped, Math.max(3, Math.round(Math.min(clipped.width, clipped.height) / 2))) ?? 0;
    for (let y = y0; y < y1; y++) pixels.fill(fill, y * width + x0, y * width + x1);
  }
  return { ...image, pixels, steps: [...image.steps, `mask-burned-in: ${regions.length} region(s) filled with ring median`] };
}
