/** Renders a saliency map over the model's input image as an RGB PNG for review (grey radiograph, red–yellow heat where attention is high). */
import { PNG } from 'pngjs';

/** Bilinear sample of a w×w grid at continuous coordinates (pixel centres at +0.5), edges clamped. */
function sampleGrid(values: ArrayLike<number>, w: number, u: number, v: number): number {
  const at = (x: number, y: number): number => values[Math.min(w - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))]!;
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const fx = u - x0;
  const fy = v - y0;
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}

/**
 * `pixels` size×size in [0, 1]; `map` grid×grid in [0, 1]. Both are upsampled bilinearly to outSize×outSize
 * (default: at least 256 px, so a 32-px model's map is still readable). Heat below 0.2 is left transparent.
 */
export function renderSaliencyPng(pixels: Float32Array, size: number, map: Float32Array, grid: number, outSize = Math.max(size, 256)): Buffer {
  const png = new PNG({ width: outSize, height: outSize, colorType: 2 });
  for (let y = 0; y < outSize; y++) {
    for (let x = 0; x < outSize; x++) {
      const heat = sampleGrid(map, grid, ((x + 0.5) * grid) / outSize - 0.5, ((y + 0.5) * grid) / outSize - 0.5);
      const grey = sampleGrid(pixels, size, ((x + 0.5) * size) / outSize - 0.5, ((y + 0.5) * size) / outSize - 0.5);
      const g = Math.round(255 * Math.min(1, Math.max(0, grey)));
      const alpha = heat < 0.2 ? 0 : 0.6 * heat;
      const i = 4 * (y * outSize + x);
      png.data[i] = Math.round((1 - alpha) * g + alpha * 255);
      png.data[i + 1] = Math.round((1 - alpha) * g + alpha * 255 * heat * heat);
      png.data[i + 2] = Math.round((1 - alpha) * g);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}
