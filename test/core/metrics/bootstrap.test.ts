import { describe, expect, it } from 'vitest';
import { bootstrapCi, bootstrapMany } from '../../../src-core/metrics/bootstrap/bootstrapCi';
import { createResamplePlan, drawResampleCounts } from '../../../src-core/metrics/bootstrap/createResamplePlan';
import { pairedBootstrap } from '../../../src-core/metrics/bootstrap/pairedBootstrap';
import { percentileOfSorted } from '../../../src-core/metrics/bootstrap/percentileOfSorted';
import { aurocFromRanking } from '../../../src-core/metrics/discrimination/aurocFromRanking';
import { prepareRanking } from '../../../src-core/metrics/discrimination/prepareRanking';
import { createRng } from '../../../src-core/random/createRng';
import { labels, modelB, probabilities } from './loadGolden';

const weightedMean = (values: Float64Array) => (w: Float64Array) => {
  let s = 0;
  let t = 0;
  for (let i = 0; i < values.length; i++) {
    s += w[i]! * values[i]!;
    t += w[i]!;
  }
  return s / t;
};

describe('seeded RNG', () => {
  it('is deterministic per seed and roughly uniform', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
    const rng = createRng(1);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100000; i++) bins[rng.nextInt(10)]++;
    for (const count of bins) expect(Math.abs(count - 10000)).toBeLessThan(400);
  });
});

describe('bootstrap', () => {
  it('percentile interpolates like numpy', () => {
    expect(percentileOfSorted(Float64Array.of(1, 2, 3, 4), 0.025)).toBeCloseTo(1.075, 12);
    expect(percentileOfSorted(Float64Array.of(1, 2, 3, 4), 0.975)).toBeCloseTo(3.925, 12);
  });

  it('CI of a proportion matches the normal approximation, and is reproducible by seed', () => {
    const rng = createRng(3);
    const values = Float64Array.from({ length: 2000 }, () => (rng.nextFloat() < 0.3 ? 1 : 0));
    const r = bootstrapCi(values.length, weightedMean(values), { resamples: 1000, seed: 11 });
    const p = r.value;
    const half = 1.96 * Math.sqrt((p * (1 - p)) / values.length);
    expect(Math.abs(r.ci95[1] - r.ci95[0] - 2 * half)).toBeLessThan(0.2 * 2 * half);
    expect(r.ci95[0]).toBeLessThan(p);
    expect(r.ci95[1]).toBeGreaterThan(p);
    expect(bootstrapCi(values.length, weightedMean(values), { resamples: 1000, seed: 11 })).toEqual(r);
    expect(bootstrapCi(values.length, weightedMean(values), { resamples: 1000, seed: 12 }).ci95).not.toEqual(r.ci95);
  });

  it('cluster resampling keeps a patient’s images together and widens the CI for duplicated images', () => {
    const plan = createResamplePlan(6, ['p1', 'p1', 'p2', 'p3', 'p3', 'p3']);
    expect(plan.clusterCount).toBe(3);
    const counts = new Float64Array(6);
    drawResampleCounts(plan, createRng(5), counts, new Float64Array(3));
    expect(counts[0]).toBe(counts[1]);
    expect(counts[3]).toBe(counts[4]);
    expect(counts[4]).toBe(counts[5]);
    expect(counts[0]! + counts[2]! + counts[3]!).toBe(3);

    const rng = createRng(9);
    const base = Array.from({ length: 400 }, () => (rng.nextFloat() < 0.4 ? 1 : 0));
    const values = Float64Array.from(base.flatMap((v) => [v, v, v, v]));
    const clusters = base.flatMap((_, i) => [i, i, i, i]);
    const images = bootstrapCi(values.length, weightedMean(values), { resamples: 1000, seed: 1 });
    const patients = bootstrapCi(values.length, weightedMean(values), { resamples: 1000, seed: 1, clusters });
    const ratio = (patients.ci95[1] - patients.ci95[0]) / (images.ci95[1] - images.ci95[0]);
    expect(ratio).toBeGreaterThan(1.6); // √4 = 2 in expectation
    expect(ratio).toBeLessThan(2.5);
  });

  it('undefined resamples are counted; a statistic undefined on the data has no interval', () => {
    const y = new Float64Array(50);
    y[0] = 1; // a single positive: many resamples miss it
    const s = Float64Array.from({ length: 50 }, (_, i) => i / 50);
    const ranking = prepareRanking(s, y);
    const r = bootstrapCi(50, (w) => aurocFromRanking(ranking, w), { resamples: 1000, seed: 2 });
    expect(r.undefinedResamples).toBeGreaterThan(250);
    const none = bootstrapCi(50, () => NaN, { resamples: 10, seed: 2 });
    expect(none.reason).toMatch(/undefined on the original cases/);
    expect(Number.isNaN(none.ci95[0])).toBe(true);
  });

  it('paired bootstrap: identical models differ by exactly 0; two different models share resamples', () => {
    const l = 3;
    const ra = prepareRanking(probabilities[l]!, labels[l]!);
    const rb = prepareRanking(modelB[l]!, labels[l]!);
    const same = pairedBootstrap(
      labels[l]!.length,
      (w) => aurocFromRanking(ra, w),
      (w) => aurocFromRanking(ra, w),
      { resamples: 1000, seed: 4 },
    );
    expect(same.difference.ci95).toEqual([0, 0]);
    expect(same.pValue).toBe(1);
    const diff = pairedBootstrap(
      labels[l]!.length,
      (w) => aurocFromRanking(ra, w),
      (w) => aurocFromRanking(rb, w),
      { resamples: 1000, seed: 4 },
    );
    expect(diff.difference.value).toBeCloseTo(diff.a.value - diff.b.value, 12);
    const [a] = bootstrapMany(labels[l]!.length, [(w) => aurocFromRanking(ra, w)], { resamples: 1000, seed: 4 });
    expect(a!.ci95).toEqual(diff.a.ci95);
    expect(diff.pValue).toBeGreaterThanOrEqual(0);
    expect(diff.pValue).toBeLessThanOrEqual(1);
  });

  it('rejects bad options and empty input', () => {
    expect(() => bootstrapCi(0, () => 1, { resamples: 10, seed: 1 })).toThrow(/at least one case/);
    expect(() => bootstrapCi(3, () => 1, { resamples: 0, seed: 1 })).toThrow(/positive integer/);
    expect(() => bootstrapCi(3, () => 1, { resamples: 5, seed: 1, clusters: ['a'] })).toThrow(/differ in length/);
  });
});
