// Operating points at frozen thresholds, raw and as served (abstained cases left out), subgroup
// sensitivity, the oracle in probabilities; and the paired comparison of two models' AUROC.
import { describe, expect, it } from 'vitest';
import { comparePairedModels } from '../../../src-core/metrics/compare/comparePairedModels';
import { servedOperatingPoints } from '../../../src-core/metrics/served/servedOperatingPoints';

const bootstrap = { resamples: 200, seed: 1 };

describe('servedOperatingPoints', () => {
  it('counts sensitivity, specificity, PPV and NPV at the threshold, with and without the abstained cases', () => {
    // 8 cases: labels, probabilities, abstention on cases 2 and 5.
    const labels = Float64Array.of(1, 1, 1, 1, 0, 0, 0, 0);
    const p = Float64Array.of(0.9, 0.8, 0.55, 0.3, 0.7, 0.45, 0.2, 0.1);
    const abstained = Uint8Array.of(0, 0, 1, 0, 0, 1, 0, 0);
    const attributes = labels.map((_, i) => i % 2) as unknown as number[];
    const r = servedOperatingPoints({
      labelNames: ['x'],
      probabilities: [p],
      labels: [labels],
      thresholds: [0.5],
      abstained: [abstained],
      oodFlagged: new Uint8Array(8),
      attributes: Array.from(attributes, (a) => ({ sex: a ? 'F' : 'M' })),
      bootstrap,
    });
    const x = r.perLabel.x!;
    // Raw: called 0.9, 0.8, 0.55, 0.7 → TP 3, FN 1, FP 1, TN 3.
    expect(x.raw).toMatchObject({ sensitivity: { value: 0.75 }, specificity: { value: 0.75 }, ppv: { value: 0.75 }, npv: { value: 0.75 } });
    // Served without cases 2 (TP) and 5 (TN): TP 2, FN 1, FP 1, TN 2.
    expect(x.served.sensitivity!.value).toBeCloseTo(2 / 3, 12);
    expect(x.served.specificity!.value).toBeCloseTo(2 / 3, 12);
    expect(x.served.coverage!.value).toBe(0.75);
    expect(x.abstainedCases).toBe(2);
    expect(x.oracle.maxYouden).toMatchObject({ probabilityThreshold: 0.8 });
    const ci = x.raw.sensitivity!.ci95!;
    expect(ci[0]).toBeLessThanOrEqual(0.75);
    expect(ci[1]).toBeGreaterThanOrEqual(0.75);
    // Subgroups: M = cases 0, 2, 4, 6 (positives 0, 2); F = 1, 3, 5, 7 (positives 1, 3).
    expect(r.subgroupSensitivity.sex!.M!.x).toMatchObject({ positives: 2, raw: { value: 1 }, served: { value: 1 } });
    expect(r.subgroupSensitivity.sex!.F!.x).toMatchObject({ positives: 2, raw: { value: 0.5 } });
  });
});

describe('comparePairedModels', () => {
  const labels = Float64Array.of(1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0);
  const a = Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.4, 0.5, 0.3, 0.2, 0.1, 0.35, 0.65, 0.15);
  const b = Float64Array.of(0.6, 0.5, 0.9, 0.2, 0.3, 0.7, 0.4, 0.1, 0.8, 0.3, 0.45, 0.25);
  it('gives DeLong and the paired bootstrap per label and macro, on patient clusters', () => {
    const clusters = ['p1', 'p1', 'p2', 'p3', 'p4', 'p5', 'p5', 'p6', 'p7', 'p8', 'p9', 'p9'];
    const r = comparePairedModels({
      labelNames: ['x'],
      scoresA: [a],
      scoresB: [b],
      labels: [labels],
      bootstrap: { ...bootstrap, clusters },
    });
    const x = r.perLabel.x!;
    const delong = x.delong as { aurocA: number; aurocB: number; difference: number };
    expect(delong.difference).toBeCloseTo(delong.aurocA - delong.aurocB, 12);
    expect(x.pairedBootstrap.difference.value).toBeCloseTo(delong.difference, 12);
    expect(r.macro).toMatchObject({ labels: ['x'] });
    expect(r.definitions.pairedBootstrap).toContain('patients resampled');
  });
  it('a model against itself differs by exactly 0 in every resample', () => {
    const r = comparePairedModels({ labelNames: ['x'], scoresA: [a], scoresB: [a], labels: [labels], bootstrap });
    expect(r.perLabel.x!.pairedBootstrap.difference).toMatchObject({ value: 0, ci95: [0, 0] });
    expect(r.perLabel.x!.pairedBootstrap.pValue).toBe(1);
  });
});

describe('label shift (Saerens et al. 2002)', () => {
  it('moves probabilities by the prior odds ratio and recovers a deployment prevalence by EM', async () => {
    const { estimatePriorEm, shiftProbability } = await import('../../../src-core/metrics/calibration/estimatePriorEm');
    // Bayes by hand: p = 0.5 at π_s = 0.5 becomes π_t at π_t.
    expect(shiftProbability(0.5, 0.5, 0.2)).toBeCloseTo(0.2, 12);
    expect(shiftProbability(0.8, 0.5, 0.2)).toBeCloseTo((0.4 * 0.8) / (0.4 * 0.8 + 1.6 * 0.2), 12); // (π_t/π_s)·p over the same plus ((1−π_t)/(1−π_s))·(1−p)
    // Calibrated posteriors from two Gaussian classes at π_s = 0.5, deployed at π_t = 0.2: EM recovers ≈ 0.2.
    const { createRng } = await import('../../../src-core/random/createRng');
    const rng = createRng(3);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    const p = Float64Array.from({ length: 20000 }, () => {
      const x = (rng.nextFloat() < 0.2 ? 1 : -1) + normal();
      return 1 / (1 + Math.exp(-2 * x)); // exact posterior at equal priors for N(±1, 1)
    });
    const estimate = estimatePriorEm(p, 0.5);
    expect(estimate.converged).toBe(true);
    expect(estimate.prior).toBeGreaterThan(0.18);
    expect(estimate.prior).toBeLessThan(0.22);
  });
});
