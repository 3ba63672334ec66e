import { describe, expect, it } from 'vitest';
import { delongTest } from '../../../src-core/metrics/discrimination/delongTest';
import { erfc, normalCdf } from '../../../src-core/metrics/math/normalCdf';
import { midranks } from '../../../src-core/metrics/math/midranks';
import { golden, labels, modelB, probabilities } from './loadGolden';

const close = (actual: number, expected: number, tol = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThan(tol);

describe('fast DeLong (Sun & Xu) against an O(m·n) structural-component reference', () => {
  golden.delong.forEach((ref: Record<string, number & number[]>) => {
    it(`label ${ref.label}`, () => {
      const l = ref.label as number;
      const r = delongTest(probabilities[l]!, modelB[l]!, labels[l]!);
      close(r.aurocA, ref.aurocA!);
      close(r.aurocB, ref.aurocB!);
      close(r.difference, ref.difference!);
      close(r.variance, ref.variance!, 1e-12);
      close(r.z, ref.z!);
      close(r.pValue, ref.pValue!);
      close(r.ci95[0], ref.ci95![0]!);
      close(r.ci95[1], ref.ci95![1]!);
    });
  });

  it('identical models: difference 0, p = 1', () => {
    const r = delongTest(probabilities[2]!, probabilities[2]!, labels[2]!);
    expect(r.difference).toBe(0);
    expect(r.pValue).toBe(1);
  });

  it('needs two positives and two negatives', () => {
    const s = Float64Array.of(0.1, 0.2, 0.3, 0.4);
    expect(() => delongTest(s, s, Float64Array.of(1, 0, 0, 0))).toThrow(/at least 2 positive/);
  });
});

describe('numerical helpers', () => {
  it('erfc / normal CDF match reference values', () => {
    // Values from scipy.special.erfc / scipy.stats.norm.cdf.
    close(erfc(0.5), 0.4795001221869535, 1e-15);
    close(erfc(2.5), 0.000406952017444959, 1e-17);
    close(erfc(4), 1.541725790028002e-8, 1e-20);
    close(normalCdf(-1.959963984540054), 0.025, 1e-14);
    close(normalCdf(1), 0.8413447460685429, 1e-15);
  });
  it('midranks average tied ranks', () => {
    expect(Array.from(midranks(Float64Array.of(3, 1, 3, 2, 3)))).toEqual([4, 1, 4, 2, 4]);
  });
});
