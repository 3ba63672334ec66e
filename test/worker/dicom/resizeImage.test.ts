import { describe, expect, it } from 'vitest';
import { resizeArea, resizeImage } from '../../../src-worker/dicom/resizeImage';

describe('resizeImage', () => {
  it('area-averages: a 4×4 → 2×2 downscale gives the 2×2 block means, and 3 → 2 weights partial pixels', () => {
    const src = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(Array.from(resizeArea(src, 4, 4, 2, 2))).toEqual([3.5, 5.5, 11.5, 13.5]);
    // 1-D: [0, 3, 6] → 2 outputs covering 1.5 px each: (0 + 0.5·3)/1.5 = 1, (0.5·3 + 6)/1.5 = 5
    const row = resizeArea(Float32Array.from([0, 3, 6]), 3, 1, 2, 1);
    expect(row[0]).toBeCloseTo(1, 6);
    expect(row[1]).toBeCloseTo(5, 6);
  });

  it('pads a landscape image centred with 0 and keeps the mean of the content', () => {
    const src = new Float32Array(200 * 100).fill(0.5);
    const r = resizeImage(src, 200, 100, 64, 'pad', null);
    expect([r.width, r.height]).toEqual([64, 64]);
    expect(r.values[0]).toBe(0); // top band is padding
    expect(r.values[32 * 64 + 32]).toBeCloseTo(0.5, 6);
    let rows = 0;
    for (let y = 0; y < 64; y++) if (r.values[y * 64 + 32]! > 0) rows++;
    expect(rows).toBe(32);
    expect(r.step).toContain('200×100 → 64×32 padded to 64×64 at (0,16)');
  });

  it('honours non-square ImagerPixelSpacing (row spacing, column spacing) and stretch mode', () => {
    const src = new Float32Array(100 * 100).fill(1);
    // rows 0.2 mm apart, columns 0.1 mm apart: physically 10 mm wide × 20 mm tall.
    const r = resizeImage(src, 100, 100, 64, 'pad', [0.2, 0.1]);
    let cols = 0;
    for (let x = 0; x < 64; x++) if (r.values[32 * 64 + x]! > 0) cols++;
    expect(cols).toBe(32);
    const s = resizeImage(src, 100, 100, 64, 'stretch', [0.2, 0.1]);
    expect(s.values.every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });
});
