/** Renders a saliency map over the model's input image as an RGB PNG for review (grey radiograph, red–yellow heat where attention is high). */
import { PNG } from 'pngjs';

/** `pixels` size×size in [0, 1]; `map` grid×grid in [0, 1], upsampled bilinearly. Heat below 0.2 is left transparent. */
export function renderSaliencyPng(pixels: Float32Array, size: number, map: Float32Array, grid: number): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 2 });
  const cell = size / grid;
  const sample = (gx: number, gy: number): number => map[Math.min(grid - 1, Math.max(0, gy)) * grid + Math.min(grid - 1, Math.max(0, gx))]!;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / cell - 0.5;
      const v = (y + 0.5) / cell - 0.5;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      const heat = (1 - fy) * ((1 - fx) * sample(x0, y0) + fx * sample(x0 + 1, y0)) + fy * ((1 - fx) * sample(x0, y0 + 1) + fx * sample(x0 + 1, y0 + 1));
      const g = Math.round(255 * Math.min(1, Math.max(0, pixels[y * size + x]!)));
      const alpha = heat < 0.2 ? 0 : 0.6 * heat;
      const i = 4 * (y * size + x);
      png.data[i] = Math.round((1 - alpha) * g + alpha * 255);
      png.data[i + 1] = Math.round((1 - alpha) * g + alpha * 255 * heat * heat);
      png.data[i + 2] = Math.round((1 - alpha) * g);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}
