/** Renders a saliency map over the model's input image as an RGB PNG for review (grey radiograph, red–yellow heat where attention is high). */
import { PNG } from 'pngjs';

/** Where output column (or row) k samples a w-wide grid: both neighbours (edges clamped) and the weight of the second. */
interface Taps {
  lo: Int32Array;
  hi: Int32Array;
  f: Float64Array;
}

/** Bilinear taps for outSize samples of a w-wide grid at pixel centres (+0.5); computed once per axis, not per pixel. */
function bilinearTaps(w: number, outSize: number): Taps {
  const taps = { lo: new Int32Array(outSize), hi: new Int32Array(outSize), f: new Float64Array(outSize) };
  for (let k = 0; k < outSize; k++) {
    const u = ((k + 0.5) * w) / outSize - 0.5;
    const i0 = Math.floor(u);
    taps.f[k] = u - i0;
    taps.lo[k] = Math.min(w - 1, Math.max(0, i0));
    taps.hi[k] = Math.min(w - 1, Math.max(0, i0 + 1));
  }
  return taps;
}

function sample(values: ArrayLike<number>, w: number, tx: Taps, ty: Taps, x: number, y: number): number {
  const fx = tx.f[x]!;
  const fy = ty.f[y]!;
  const r0 = ty.lo[y]! * w;
  const r1 = ty.hi[y]! * w;
  const x0 = tx.lo[x]!;
  const x1 = tx.hi[x]!;
  return (1 - fy) * ((1 - fx) * values[r0 + x0]! + fx * values[r0 + x1]!) + fy * ((1 - fx) * values[r1 + x0]! + fx * values[r1 + x1]!);
}

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
  const heatTaps = bilinearTaps(grid, outSize);
  const greyTaps = bilinearTaps(size, outSize);
  for (let y = 0; y < outSize; y++) {
    for (let x = 0; x < outSize; x++) {
      const heat = sample(map, grid, heatTaps, heatTaps, x, y);
      const grey = sample(pixels, size, greyTaps, greyTaps, x, y);
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
