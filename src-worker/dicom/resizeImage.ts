/**
 * Resizes a float image by area averaging: each output pixel is the coverage-weighted mean of the
 * input pixels its footprint overlaps (separable, rows then columns). Downscaling is a true box
 * filter; upscaling degenerates to nearest/linear-blend of the covering pixels.
 * Aspect 'pad' (default): fits the physical image (ImagerPixelSpacing when given, else square
 * pixels) inside size×size, centred, filling the rest with 0. 'stretch': resizes to size×size.
 */

export interface ResizeResult {
  values: Float32Array;
  width: number;
  height: number;
  step: string;
}

function resampleAxis(src: Float32Array, width: number, height: number, outLen: number, horizontal: boolean): Float32Array {
  const inLen = horizontal ? width : height;
  const lines = horizontal ? height : width;
  const out = new Float32Array(horizontal ? outLen * height : width * outLen);
  const scale = inLen / outLen;
  const starts = new Int32Array(outLen);
  const ends = new Int32Array(outLen);
  const weights: Float32Array[] = [];
  for (let o = 0; o < outLen; o++) {
    const a = o * scale;
    const b = (o + 1) * scale;
    const i0 = Math.floor(a);
    const i1 = Math.min(inLen, Math.ceil(b));
    starts[o] = i0;
    ends[o] = i1;
    const w = new Float32Array(i1 - i0);
    for (let i = i0; i < i1; i++) w[i - i0] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
    weights.push(w);
  }
  for (let l = 0; l < lines; l++) {
    for (let o = 0; o < outLen; o++) {
      const w = weights[o]!;
      let acc = 0;
      for (let i = starts[o]!; i < ends[o]!; i++) {
        const idx = horizontal ? l * width + i : i * width + l;
        acc += src[idx]! * w[i - starts[o]!]!;
      }
      out[horizontal ? l * outLen + o : o * width + l] = acc;
    }
  }
  return out;
}

export function resizeArea(src: Float32Array, width: number, height: number, outW: number, outH: number): Float32Array {
  const h = outW === width ? src : resampleAxis(src, width, height, outW, true);
  return outH === height ? h : resampleAxis(h, outW, height, outH, false);
}

export function resizeImage(
  src: Float32Array,
  width: number,
  height: number,
  size: number,
  aspect: 'pad' | 'stretch',
  pixelSpacing: [number, number] | null,
): ResizeResult {
  if (aspect === 'stretch') {
    return {
      values: resizeArea(src, width, height, size, size),
      width: size,
      height: size,
      step: `resize: area ${width}×${height} → ${size}×${size} (stretch)`,
    };
  }
  // ImagerPixelSpacing is (row spacing, column spacing): physical height = rows × [0], width = cols × [1].
  const physW = width * (pixelSpacing ? pixelSpacing[1] : 1);
  const physH = height * (pixelSpacing ? pixelSpacing[0] : 1);
  const scale = size / Math.max(physW, physH);
  const cw = Math.max(1, Math.min(size, Math.round(physW * scale)));
  const ch = Math.max(1, Math.min(size, Math.round(physH * scale)));
  const content = resizeArea(src, width, height, cw, ch);
  const out = new Float32Array(size * size);
  const x0 = Math.floor((size - cw) / 2);
  const y0 = Math.floor((size - ch) / 2);
  for (let y = 0; y < ch; y++) out.set(content.subarray(y * cw, (y + 1) * cw), (y0 + y) * size + x0);
  const spacingNote =
    pixelSpacing && Math.abs(pixelSpacing[0] / pixelSpacing[1] - 1) > 0.01
      ? `, spacing ${pixelSpacing[0]}\\${pixelSpacing[1]} honoured`
      : '';
  return {
    values: out,
    width: size,
    height: size,
    step: `resize: area ${width}×${height} → ${cw}×${ch} padded to ${size}×${size} at (${x0},${y0}) with 0${spacingNote}`,
  };
}
