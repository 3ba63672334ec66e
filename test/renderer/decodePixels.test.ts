// The viewer's pixel decoding picks the narrowest exact typed array.
import { describe, expect, it } from 'vitest';
import { decodePixels } from '../../src-renderer/viewer/decodePixels';
import { histogram } from '../../src-renderer/lib/histogram';

const encode = (values: number[]) => Buffer.from(new Float32Array(values).buffer).toString('base64');

describe('decodePixels', () => {
  it('keeps unsigned integers as Uint16', () => {
    const out = decodePixels(encode([0, 1, 979, 65535]));
    expect(out).toBeInstanceOf(Uint16Array);
    expect([...out]).toEqual([0, 1, 979, 65535]);
  });
  it('keeps signed integers as Int16 (CT after rescale)', () => {
    const out = decodePixels(encode([-3024, 0, 1254]));
    expect(out).toBeInstanceOf(Int16Array);
    expect([...out]).toEqual([-3024, 0, 1254]);
  });
  it('keeps fractions and wide ranges as Float32', () => {
    expect(decodePixels(encode([0.5, 1]))).toBeInstanceOf(Float32Array);
    expect(decodePixels(encode([-40000, 70000]))).toBeInstanceOf(Float32Array);
  });
});

describe('histogram', () => {
  it('counts into equal-width bins, max value in the last bin', () => {
    const { edges, counts } = histogram([0, 1, 2, 3, 4, 4], 0, 4, 4);
    expect(edges).toEqual([0, 1, 2, 3, 4]);
    expect(counts).toEqual([1, 1, 1, 3]);
  });
  it('puts everything in one bin when the image is flat', () => {
    expect(histogram([5, 5, 5], 5, 5, 3).counts).toEqual([3, 0, 0]);
  });
});
