import { describe, expect, it } from 'vitest';
import type { NormalisedImage, PixelRegion } from '../../../src-core/dicom/types';
import { detectBurnedInText } from '../../../src-worker/dicom/detectBurnedInText';
import { maskRegions } from '../../../src-worker/dicom/maskRegions';
import { drawBurnedInText as drawText } from '../../../tools/phantoms/drawBurnedInText';

/** A 512² synthetic "radiograph": dark background, a bright smooth body in the middle, mild noise from a seeded LCG. */
function phantom(): Float32Array {
  const size = 512;
  const p = new Float32Array(size * size);
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x - 256) / 170;
      const dy = (y - 270) / 210;
      const body = Math.max(0, 1 - dx * dx - dy * dy);
      p[y * size + x] = 0.1 + 0.55 * Math.sqrt(body) + 0.03 * rand();
    }
  }
  return p;
}

const overlaps = (a: PixelRegion, b: PixelRegion): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('detectBurnedInText', () => {
  it('finds an L marker, PORTABLE and a date near the borders and nothing in a clean phantom', () => {
    const clean = phantom();
    expect(detectBurnedInText(clean, 512, 512)).toEqual([]);
    const img = phantom();
    const l = drawText(img, 512, 'L', 30, 40, 3);
    const portable = drawText(img, 512, 'PORTABLE', 300, 20, 2);
    const date = drawText(img, 512, '2010-01-20', 20, 470, 2, 0.95);
    const regions = detectBurnedInText(img, 512, 512);
    expect(regions.length, JSON.stringify(regions)).toBe(3);
    for (const truth of [l, portable, date]) {
      const hit = regions.find((r) => overlaps(r, truth));
      expect(hit, JSON.stringify(truth)).toBeDefined();
      // The region covers the whole word (characters merged), within a 2-px margin.
      expect(hit!.x).toBeLessThanOrEqual(truth.x);
      expect(hit!.x + hit!.width).toBeGreaterThanOrEqual(truth.x + truth.width);
      expect(hit!.width).toBeLessThanOrEqual(truth.width + 4);
    }
  });

  it('ignores text in the centre of the image and bright slabs touching the edge', () => {
    const img = phantom();
    drawText(img, 512, 'R', 250, 250, 3, 1);
    for (let y = 0; y < 512; y++) for (let x = 0; x < 12; x++) img[y * 512 + x] = 1; // collimator edge
    expect(detectBurnedInText(img, 512, 512)).toEqual([]);
  });
});

describe('maskRegions', () => {
  it('fills detected text with the local median so no marker pixel stays saturated', () => {
    const img = phantom();
    const truth = drawText(img, 512, 'R', 440, 450, 3);
    const regions = detectBurnedInText(img, 512, 512);
    expect(regions.length).toBe(1);
    const image: NormalisedImage = {
      width: 512,
      height: 512,
      pixels: img,
      steps: ['x'],
      metadata: {} as NormalisedImage['metadata'],
      burnedIn: { flagged: true, regions },
    };
    const masked = maskRegions(image, regions);
    expect(masked.steps.at(-1)).toContain('mask-burned-in: 1');
    expect(image.pixels).toBe(img); // input untouched
    let maxInside = 0;
    for (let y = truth.y; y < truth.y + truth.height; y++)
      for (let x = truth.x; x < truth.x + truth.width; x++) maxInside = Math.max(maxInside, masked.pixels[y * 512 + x]!);
    // background there is ~0.1–0.13 (dark, outside the body)
    expect(maxInside).toBeLessThan(0.2);
    expect(detectBurnedInText(masked.pixels, 512, 512)).toEqual([]);
  });
});
