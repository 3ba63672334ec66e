/**
 * Heuristic detector for burned-in markers (L/R side markers, "PORTABLE", dates) in a normalised
 * [0,1] image. Documented rule, tuned for radiographs where such text is saturated white:
 *  1. Border band: pixels within 20 % of the width/height of any edge.
 *  2. Candidate pixels: value ≥ 0.5 and ≥ 0.2 above the mean of a square window around them
 *     (side 8 % of the image's smaller side, via an integral image): bright against the local
 *     background, whatever the background level.
 *  3. 8-connected components of candidates inside the band.
 *  4. A component is text-like if its bounding box is 0.6–10 % of the image height tall and
 *     ≤ 10 % of the width wide, it does not touch the image edge (collimator/blank borders do),
 *     it fills 10–90 % of its box (strokes, not solid slabs), and its mean is ≥ 0.25 above the
 *     median of a ring around its box (high contrast against the local background).
 *  5. Text-like components whose boxes are within 1.5 box heights of each other horizontally and
 *     overlap vertically are merged into one region (the characters of a word), padded by 1 px.
 * Limits: dark text on bright background, and text over bright bone (shoulder), are missed;
 * bright small devices near the border (ECG leads, clips) can be flagged. It flags for review and
 * masking, it does not read text.
 */
import type { PixelRegion } from '../../src-core/dicom/types';
import { ringMedian } from './ringMedian';

export interface DetectOptions {
  band?: number;
  threshold?: number;
  minContrast?: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function components(mask: Uint8Array, width: number, height: number): Array<Box & { count: number; sum: number; touchesEdge: boolean }> {
  const label = new Int32Array(width * height);
  const found: Array<Box & { count: number; sum: number; touchesEdge: boolean }> = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start]) continue;
    const id = found.length + 1;
    const c = { x0: width, y0: height, x1: -1, y1: -1, count: 0, sum: 0, touchesEdge: false };
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      c.count++;
      c.x0 = Math.min(c.x0, x);
      c.x1 = Math.max(c.x1, x);
      c.y0 = Math.min(c.y0, y);
      c.y1 = Math.max(c.y1, y);
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) c.touchesEdge = true;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (mask[q] && !label[q]) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    found.push(c);
  }
  return found;
}

function merge(boxes: Box[]): Box[] {
  const out = boxes.map((b) => ({ ...b }));
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < out.length && !changed; i++) {
      for (let j = i + 1; j < out.length && !changed; j++) {
        const a = out[i]!;
        const b = out[j]!;
        const h = Math.max(a.y1 - a.y0, b.y1 - b.y0) + 1;
        const vOverlap = Math.min(a.y1, b.y1) >= Math.max(a.y0, b.y0);
        const gap = Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1);
        if (vOverlap && gap <= 1.5 * h) {
          out[i] = { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
          out.splice(j, 1);
          changed = true;
        }
      }
    }
  }
  return out;
}

export function detectBurnedInText(pixels: Float32Array, width: number, height: number, options: DetectOptions = {}): PixelRegion[] {
  const band = options.band ?? 0.2;
  const threshold = options.threshold ?? 0.5;
  const localContrast = 0.2;
  const half = Math.max(3, Math.round((0.08 * Math.min(width, height)) / 2));
  const integral = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += pixels[y * width + x]!;
      integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1]! + row;
    }
  }
  const localMean = (x: number, y: number): number => {
    const x0 = Math.max(0, x - half);
    const y0 = Math.max(0, y - half);
    const x1 = Math.min(width, x + half + 1);
    const y1 = Math.min(height, y + half + 1);
    const w1 = width + 1;
    const sum = integral[y1 * w1 + x1]! - integral[y0 * w1 + x1]! - integral[y1 * w1 + x0]! + integral[y0 * w1 + x0]!;
    return sum / ((x1 - x0) * (y1 - y0));
  };
  const minContrast = options.minContrast ?? 0.25;
  const bx = Math.ceil(width * band);
  const by = Math.ceil(height * band);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const inY = y < by || y >= height - by;
    for (let x = 0; x < width; x++) {
      if (!inY && x >= bx && x < width - bx) continue;
      const v = pixels[y * width + x]!;
      if (v >= threshold && v - localMean(x, y) >= localContrast) mask[y * width + x] = 1;
    }
  }
  const textLike: Box[] = [];
  for (const c of components(mask, width, height)) {
    if (c.touchesEdge) continue;
    const w = c.x1 - c.x0 + 1;
    const h = c.y1 - c.y0 + 1;
    if (h < Math.max(3, 0.006 * height) || h > 0.1 * height || w > 0.1 * width) continue;
    const fill = c.count / (w * h);
    if (fill < 0.1 || fill > 0.9) continue;
    let sum = 0;
    for (let y = c.y0; y <= c.y1; y++) for (let x = c.x0; x <= c.x1; x++) if (mask[y * width + x]) sum += pixels[y * width + x]!;
    const background = ringMedian(pixels, width, height, { x: c.x0, y: c.y0, width: w, height: h }, Math.max(2, Math.round(h / 2)));
    if (background === null || sum / c.count - background < minContrast) continue;
    textLike.push(c);
  }
  return merge(textLike).map((b) => {
    const x = Math.max(0, b.x0 - 1);
    const y = Math.max(0, b.y0 - 1);
    return { x, y, width: Math.min(width, b.x1 + 2) - x, height: Math.min(height, b.y1 + 2) - y };
  });
}
