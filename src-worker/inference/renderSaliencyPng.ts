/** Renders a saliency map over the model's input image as an RGB PNG for review (grey radiograph, red–yellow heat where attention is high). */
import { PNG } from 'pngjs';
import { resample } from '../datasets/image/resampleToSquare';

/**
 * `pixels` size×size in [0, 1]; `map` grid×grid in [0, 1]. Both are upsampled bilinearly to outSize×outSize
 * (default: at least 256 px, so a 32-px model's map is still readable). Heat below 0.2 is left transparent.
 */
export function renderSaliencyPng(
  pixels: Float32Array,
  size: number,
  map: Float32Array,
  grid: number,
  outSize = Math.max(size, 256),
): Buffer {
  const png = new PNG({ width: outSize, height: outSize, colorType: 2 });
  // Enlarging, the one resampler family is bilinear between pixel centres with clamped edges.
  const heatMap = resample({ width: grid, height: grid, pixels: map }, outSize, outSize).pixels;
  const greyImage = resample({ width: size, height: size, pixels }, outSize, outSize).pixels;
  for (let y = 0; y < outSize; y++) {
    for (let x = 0; x < outSize; x++) {
      const heat = heatMap[y * outSize + x]!;
      const grey = greyImage[y * outSize + x]!;
      const g = Math.round(255 * Math.min(1, Math.max(0, grey)));
      const alpha = heat < 0.2 ? 0 : 0.6 * heat;
      const i = 4 * (y * outSize + x);
      png.data[i] = Math.round((1 - alpha) * g + alpha * 255);
      png.data[i + 1] = Math.round((1 - alpha) * g + alpha * 255 * heat * heat);
      png.data[i + 2] = Math.round((1 - alpha) * g);
      png.data[i + 3] = 255;
    }
  }
  // Paeth filter on every row: pngjs' default tries all five filters per row (~4× the encode time) for no smaller file on these images.
  return PNG.sync.write(png, { colorType: 2, filterType: 4 });
}
