// The one resampler family: PIL-style box/bilinear (the PIL comparison is decodeRasterImage.test.ts), padding
// that honours DICOM pixel spacing, and the viewer's integer downsampling built on it.
import { describe, expect, it } from 'vitest';
import { resample, resampleToSquare } from '../../../src-worker/datasets/image/resampleToSquare';
import { downsampleForDisplay } from '../../../src-worker/dicom/downsampleForDisplay';

const image = (width: number, height: number, pixels: number[] | Float32Array) => ({ width, height, pixels: Float32Array.from(pixels) });

describe('resample (box when shrinking, triangle when enlarging, as PIL)', () => {
  it('an integer downscale gives the block means; 3 → 2 follows PIL BOX (centre-sampled, not exact coverage)', () => {
    const src = image(4, 4, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(Array.from(resample(src, 2, 2).pixels)).toEqual([3.5, 5.5, 11.5, 13.5]);
    // PIL: output 0 (centre 0.75, support 0.75) takes inputs 0 and 1, output 1 (centre 2.25) input 2 only.
    const row = resample(image(3, 1, [0, 3, 6]), 2, 1).pixels;
    expect(row[0]).toBeCloseTo(1.5, 6);
    expect(row[1]).toBeCloseTo(6, 6);
  });

  it('enlarging interpolates linearly between pixel centres and keeps a constant image constant', () => {
    const up = resample(image(2, 1, [0, 1]), 4, 1).pixels;
    expect(Array.from(up).map((v) => Number(v.toFixed(4)))).toEqual([0, 0.25, 0.75, 1]);
    expect(resample(image(3, 5, new Float32Array(15).fill(0.3)), 7, 2).pixels.every((v) => Math.abs(v - 0.3) < 1e-6)).toBe(true);
  });
});

describe('resampleToSquare', () => {
  it('pads a landscape image centred with 0 and keeps the mean of the content', () => {
    const r = resampleToSquare(image(200, 100, new Float32Array(200 * 100).fill(0.5)), 64, 'pad');
    expect([r.width, r.height]).toEqual([64, 64]);
    expect(r.pixels[0]).toBe(0); // top band is padding
    expect(r.pixels[32 * 64 + 32]).toBeCloseTo(0.5, 6);
    let rows = 0;
    for (let y = 0; y < 64; y++) if (r.pixels[y * 64 + 32]! > 0) rows++;
    expect(rows).toBe(32);
    expect(r.step).toBe('resize: 200×100 → 64×32 padded to 64×64 at (0,16) with 0');
  });

  it('honours non-square ImagerPixelSpacing (row spacing, column spacing) in pad, ignores it in stretch', () => {
    const ones = image(100, 100, new Float32Array(100 * 100).fill(1));
    // rows 0.2 mm apart, columns 0.1 mm apart: physically 10 mm wide × 20 mm tall.
    const r = resampleToSquare(ones, 64, 'pad', [0.2, 0.1]);
    let cols = 0;
    for (let x = 0; x < 64; x++) if (r.pixels[32 * 64 + x]! > 0) cols++;
    expect(cols).toBe(32);
    expect(r.step).toContain('100×100 → 32×64 padded to 64×64 at (16,0) with 0, spacing 0.2\\0.1 honoured');
    // Square pixels: a square image needs no padding.
    expect(resampleToSquare(ones, 64, 'pad').step).toBe('resize: 100×100 → 64×64 padded to 64×64 at (0,0) with 0');
    const s = resampleToSquare(ones, 64, 'stretch', [0.2, 0.1]);
    expect(s.pixels.every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    expect(s.step).toBe('resize: 100×100 → 64×64 (stretch)');
  });
});

describe('downsampleForDisplay', () => {
  it('takes factor × factor block means, crops the remainder, and keeps small images as they are', () => {
    // 5×3 with factor 2 (max dimension 3): 2×1 output from the kept 4×2 region.
    const values = Float32Array.from([1, 2, 3, 4, 99, 5, 6, 7, 8, 99, 99, 99, 99, 99, 99]);
    const small = downsampleForDisplay(values, 5, 3, 3);
    expect(small.factor).toBe(2);
    expect([small.width, small.height]).toEqual([2, 1]);
    expect(Array.from(small.values)).toEqual([3.5, 5.5]);
    const same = downsampleForDisplay(values, 5, 3, 5);
    expect(same.factor).toBe(1);
    expect(same.values).toBe(values);
  });
});
