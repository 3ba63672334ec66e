// TTA augmentations: identity copies; a 90° rotation of a known pattern moves pixels where geometry says; scaling about the centre keeps the centre.
import { describe, expect, it } from 'vitest';
import { augmentImage, DEFAULT_TTA } from '../../../src-worker/inference/augmentImage';

describe('augmentImage', () => {
  const size = 5;
  const img = Float32Array.from({ length: size * size }, (_, i) => i);
  it('identity returns an equal copy', () => {
    const out = augmentImage(img, size, { name: 'id', rotationDegrees: 0, scale: 1 });
    expect(out).toEqual(img);
    expect(out).not.toBe(img);
  });
  it('rotating by 90° maps rows to columns exactly', () => {
    const out = augmentImage(img, size, { name: 'r90', rotationDegrees: 90, scale: 1 });
    // out(x, y) samples src at (cos·dx + sin·dy + c, −sin·dx + cos·dy + c) = (y, 4 − x) for θ = 90°.
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) expect(out[y * size + x]!).toBeCloseTo(img[(4 - x) * size + y]!, 5);
  });
  it('scaling keeps the centre pixel; the default TTA has no flips', () => {
    expect(augmentImage(img, size, { name: 's', rotationDegrees: 0, scale: 1.05 })[12]).toBeCloseTo(12, 6);
    expect(DEFAULT_TTA.every((a) => Math.abs(a.rotationDegrees) <= 5 && a.scale > 0.9 && a.scale < 1.1)).toBe(true);
  });
});
