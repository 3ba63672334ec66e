// mapInOrder keeps input order whatever order the calls finish in, never has more than `window` calls in
// flight, and rethrows a failed call's error at its turn.
import { describe, expect, it } from 'vitest';
import { mapInOrder } from '../../../src-main/worker/mapInOrder';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('mapInOrder', () => {
  it('yields in input order with at most `window` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out: number[] = [];
    for await (const v of mapInOrder([5, 1, 4, 2, 3, 0], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      const value = await later(n * 10, (5 - n) * 4);
      inFlight--;
      return value;
    }))
      out.push(v);
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(3);
  });

  it('rethrows a failed call at its turn', async () => {
    const seen: number[] = [];
    await expect(async () => {
      for await (const v of mapInOrder([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error(`item ${n}`)) : n))) seen.push(v);
    }).rejects.toThrow('item 2');
    expect(seen).toEqual([1]);
  });
});
