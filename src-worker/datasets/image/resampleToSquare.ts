/**
 * The one resampler family for every image Hilum resizes (dataset import, DICOM and raster inference,
 * viewer display, burned-in text detection). Separable and antialiased like PIL's `Image.resize`: a box
 * (area-average) filter when shrinking and a triangle (bilinear) filter when enlarging, pixel centres at
 * +0.5, weights renormalised at the borders; checked against PIL in test/fixtures/datasets/pil-reference.json.
 * PIL-compatible on purpose: models trained on PIL-resized images see the same pixels here.
 */

export interface GreyImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

/**
 * Resizes a greyscale image to size × size. `pad` keeps the physical aspect ratio and centres the
 * image on black (0); `stretch` scales each axis independently. `pixelSpacing` is DICOM's
 * (ImagerPixelSpacing) (row spacing, column spacing): non-square pixels are honoured in `pad`;
 * null means square pixels (raster files).
 */
export function resampleToSquare(
  image: GreyImage,
  size: number,
  aspect: 'pad' | 'stretch',
  pixelSpacing: readonly [number, number] | null = null,
): GreyImage & { step: string } {
  const from = `${image.width}×${image.height}`;
  if (aspect === 'stretch') return { ...resample(image, size, size), step: `resize: ${from} → ${size}×${size} (stretch)` };
  // Physical height = rows × row spacing, width = columns × column spacing.
  const physicalWidth = image.width * (pixelSpacing ? pixelSpacing[1] : 1);
  const physicalHeight = image.height * (pixelSpacing ? pixelSpacing[0] : 1);
  const scale = size / Math.max(physicalWidth, physicalHeight);
  const w = Math.max(1, Math.min(size, Math.round(physicalWidth * scale)));
  const h = Math.max(1, Math.min(size, Math.round(physicalHeight * scale)));
  const inner = resample(image, w, h);
  // The step always names content size and offset (the DCMTK comparison reads them), even when nothing is padded.
  if (w === size && h === size) return { ...inner, step: `resize: ${from} → ${w}×${h} padded to ${size}×${size} at (0,0) with 0` };
  const pixels = new Float32Array(size * size);
  const x0 = Math.floor((size - w) / 2);
  const y0 = Math.floor((size - h) / 2);
  for (let y = 0; y < h; y++) pixels.set(inner.pixels.subarray(y * w, (y + 1) * w), (y + y0) * size + x0);
  const spacingNote =
    pixelSpacing && Math.abs(pixelSpacing[0] / pixelSpacing[1] - 1) > 0.01
      ? `, spacing ${pixelSpacing[0]}\\${pixelSpacing[1]} honoured`
      : '';
  return {
    width: size,
    height: size,
    pixels,
    step: `resize: ${from} → ${w}×${h} padded to ${size}×${size} at (${x0},${y0}) with 0${spacingNote}`,
  };
}

export function resample(image: GreyImage, outW: number, outH: number): GreyImage {
  if (outW === image.width && outH === image.height) return { width: outW, height: outH, pixels: image.pixels.slice() };
  const horizontal = filterWeights(image.width, outW);
  const vertical = filterWeights(image.height, outH);
  // Horizontal pass: height × outW.
  const tmp = new Float32Array(image.height * outW);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < outW; x++) {
      const { start, weights } = horizontal[x] as Taps;
      let acc = 0;
      for (let k = 0; k < weights.length; k++) acc += (weights[k] as number) * (image.pixels[row + start + k] as number);
      tmp[y * outW + x] = acc;
    }
  }
  const out = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    const { start, weights } = vertical[y] as Taps;
    for (let k = 0; k < weights.length; k++) {
      const w = weights[k] as number;
      const src = (start + k) * outW;
      const dst = y * outW;
      for (let x = 0; x < outW; x++) out[dst + x] = (out[dst + x] as number) + w * (tmp[src + x] as number);
    }
  }
  return { width: outW, height: outH, pixels: out };
}

interface Taps {
  start: number;
  weights: Float64Array;
}

function filterWeights(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  const shrinking = scale >= 1;
  const filterScale = shrinking ? scale : 1;
  const support = (shrinking ? 0.5 : 1) * filterScale;
  const kernel = shrinking ? box : triangle;
  const taps: Taps[] = [];
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const start = Math.max(0, Math.floor(centre - support + 0.5));
    const end = Math.min(inSize, Math.floor(centre + support + 0.5));
    const weights = new Float64Array(Math.max(0, end - start));
    let sum = 0;
    for (let j = start; j < end; j++) {
      const w = kernel((j + 0.5 - centre) / filterScale);
      weights[j - start] = w;
      sum += w;
    }
    if (sum > 0) for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) / sum;
    taps.push({ start, weights });
  }
  return taps;
}

function box(x: number): number {
  return x > -0.5 && x <= 0.5 ? 1 : 0;
}

function triangle(x: number): number {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
}
