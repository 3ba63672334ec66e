/** Integer box downsampling so a large radiograph crosses the IPC boundary at display size, not full size. */
import { resample } from '../datasets/image/resampleToSquare';

/**
 * The factor is an integer so the viewer maps display pixels back to the image by one multiplication;
 * the right and bottom remainders (< factor pixels) are cropped, and on the kept region the family's
 * box filter at an integer scale is exactly the mean of each factor × factor block.
 */
export function downsampleForDisplay(
  values: Float32Array,
  width: number,
  height: number,
  maxDimension: number,
): { values: Float32Array; width: number; height: number; factor: number } {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxDimension));
  if (factor === 1) return { values, width, height, factor };
  const outW = Math.floor(width / factor);
  const outH = Math.floor(height / factor);
  const keptW = outW * factor;
  const keptH = outH * factor;
  let kept = values;
  if (keptW !== width || keptH !== height) {
    kept = new Float32Array(keptW * keptH);
    for (let y = 0; y < keptH; y++) kept.set(values.subarray(y * width, y * width + keptW), y * keptW);
  }
  return { values: resample({ width: keptW, height: keptH, pixels: kept }, outW, outH).pixels, width: outW, height: outH, factor };
}
