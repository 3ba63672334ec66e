/** Median of the pixels in a ring of the given thickness around a region (clipped to the image); null if the ring is empty. */
import type { PixelRegion } from '../../src-core/dicom/types';

export function ringMedian(pixels: Float32Array, width: number, height: number, r: PixelRegion, thickness: number): number | null {
  const x0 = Math.max(0, r.x - thickness);
  const y0 = Math.max(0, r.y - thickness);
  const x1 = Math.min(width, r.x + r.width + thickness);
  const y1 = Math.min(height, r.y + r.height + thickness);
  const values: number[] = [];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const inside = x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
      if (!inside) values.push(pixels[y * width + x]!);
    }
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
