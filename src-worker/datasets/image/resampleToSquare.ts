/**
 * Resizes a greyscale image to size × size. `pad` keeps the aspect ratio and centres the image
 * on black (0); `stretch` scales each axis independently. Resampling is separable and
 * antialiased like PIL's resize: a box (area-average) filter when shrinking and a triangle
 * (bilinear) filter when enlarging, pixel centres at +0.5, weights renormalised at the borders.
 */

export interface GreyImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

export function resampleToSquare(image: GreyImage, size: number, aspect: 'pad' | 'stretch'): GreyImage & { step: string } {
  if (aspect === 'stretch' || image.width === image.height) {
    const out = resample(image, size, size);
    return { ...out, step: `resize:${image.width}x${image.height}->${size}x${size} ${aspect === 'stretch' ? 'stretch' : 'square'}` };
  }
  const scale = size / Math.max(image.width, image.height);
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  const inner = resample(image, w, h);
  const pixels = new Float32Array(size * size);
  const x0 = Math.floor((size - w) / 2);
  const y0 = Math.floor((size - h) / 2);
  for (let y = 0; y < h; y++) pixels.set(inner.pixels.subarray(y * w, (y + 1) * w), (y + y0) * size + x0);
  return {
    width: size,
    height: size,
    pixels,
    step: `resize:${image.width}x${image.height}->${w}x${h} pad to ${size}x${size} at (${x0},${y0})`,
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
