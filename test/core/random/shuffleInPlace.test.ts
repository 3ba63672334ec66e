// The one seeded shuffle: a permutation, fixed by the seed, and (over many draws) uniform in where an item lands.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src-core/random/createRng';
import { shuffleInPlace } from '../../../src-core/random/shuffleInPlace';

describe('shuffleInPlace', () => {
  it('returns the same array, permuted, and the same seed gives the same order', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const out = shuffleInPlace(items, createRng(3));
    expect(out).toBe(items);
    expect([...out].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(out).toEqual(
      shuffleInPlace(
        Array.from({ length: 50 }, (_, i) => i),
        createRng(3),
      ),
    );
    expect(out).not.toEqual(
      shuffleInPlace(
        Array.from({ length: 50 }, (_, i) => i),
        createRng(4),
      ),
    );
    expect(out).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('puts each item in each position about equally often (Fisher–Yates, not a biased swap)', () => {
    // 4 items, 24,000 shuffles: each (item, position) cell expects 6,000 (binomial sd ≈ 67); a naive
    // "swap with any index" shuffle is biased and fails the ±240 band (checked).
    const n = 4;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const rng = createRng(11);
    for (let t = 0; t < 24000; t++) {
      const order = shuffleInPlace([0, 1, 2, 3], rng);
      order.forEach((item, position) => (counts[item]![position]! += 1));
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c - 6000)).toBeLessThan(240);
  });
});
