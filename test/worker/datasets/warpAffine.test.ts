// The one affine warp: exact on integer maps, bilinear between pixels, border clamped; TTA and training both go through it.
import { describe, expect, it, vi } from 'vitest';
import { warpAffine } from '../../../src-worker/datasets/image/warpAffine';

const identity = { xx: 1, xy: 0, x0: 0, yx: 0, yy: 1, y0: 0 };
const img = Float32Array.from({ length: 4 * 3 }, (_, i) => i); // 4 wide, 3 tall: value = y·4 + x

describe('warpAffine', () => {
  it('the identity map copies, a transpose-like map moves pixels where the matrix says', () => {
    expect(Array.from(warpAffine(img, 4, 3, identity))).toEqual(Array.from(img));
    // Output (x, y) reads source (x + 1, y): a one-pixel shift left, the last column clamped to the border.
    expect(Array.from(warpAffine(img, 4, 3, { ...identity, x0: 1 }))).toEqual([1, 2, 3, 3, 5, 6, 7, 7, 9, 10, 11, 11]);
  });

  it('samples bilinearly between pixel centres and clamps outside the image to the nearest edge', () => {
    const half = warpAffine(img, 4, 3, { ...identity, x0: 0.5, y0: 0.5 });
    expect(half[0]).toBeCloseTo((0 + 1 + 4 + 5) / 4, 6);
    const far = warpAffine(img, 4, 3, { ...identity, x0: -10, y0: 10 });
    expect(Array.from(far)).toEqual(new Array(12).fill(8)); // bottom-left corner pixel
  });
});

describe('one warp for TTA and training', () => {
  it('both augmenters call warpAffine', async () => {
    vi.resetModules();
    const calls: string[] = [];
    vi.doMock('../../../src-worker/datasets/image/warpAffine', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../../src-worker/datasets/image/warpAffine')>();
      return {
        warpAffine: (...args: Parameters<typeof actual.warpAffine>) => {
          calls.push(new Error().stack?.includes('model/augment') ? 'training' : 'tta');
          return actual.warpAffine(...args);
        },
      };
    });
    const tta = await import('../../../src-worker/inference/augmentImage');
    const training = await import('../../../src-worker/model/augment/augmentImage');
    const { defaultAugment } = await import('../../../src-core/model/trainConfig');
    const { createRng } = await import('../../../src-core/random/createRng');
    tta.augmentImage(new Float32Array(16), 4, { name: 'r5', rotationDegrees: 5, scale: 1 });
    training.augmentImage(new Float32Array(16), 4, 4, defaultAugment, createRng(1));
    expect(calls).toEqual(['tta', 'training']);
    vi.doUnmock('../../../src-worker/datasets/image/warpAffine');
  });
});
