/** Seeded pseudo-random generator (xoshiro128**, seeded by splitmix32): the one PRNG of the tree (metrics, splits, training, phantoms, fuzz). */

/** A source of uniform floats in [0, 1); `createRng(seed).nextFloat` is one. */
export type Random = () => number;

export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform float in [0, 1). */
  nextFloat(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

/**
 * xoshiro128** has period 2^128 − 1, enough for billions of bootstrap draws (mulberry32's 2^32
 * would wrap within a 2,000 × 100,000 bootstrap). splitmix32 spreads a small integer seed over
 * the 128-bit state so that seeds 1, 2, 3 give unrelated streams.
 */
export function createRng(seed: number): Rng {
  let sm = seed >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix();
  let s1 = splitmix();
  let s2 = splitmix();
  let s3 = splitmix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const nextFloat = (): number => nextUint32() / 4294967296;
  // Multiply-shift maps a 32-bit draw onto [0, n); the bias (< n / 2^32) is negligible for n ≤ 1e7.
  const nextInt = (n: number): number => Math.floor(nextFloat() * n);
  return { nextUint32, nextFloat, nextInt };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
