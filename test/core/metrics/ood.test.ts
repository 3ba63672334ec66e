import { describe, expect, it } from 'vitest';
import { choleskyDecompose, invertLower, solveLower } from '../../../src-core/metrics/math/cholesky';
import { evaluateOod } from '../../../src-core/metrics/ood/evaluateOod';
import { fitMahalanobis, mahalanobisScore } from '../../../src-core/metrics/ood/fitMahalanobis';
import { energyScore, maxLogitScore, maxProbabilityScore, odinScore } from '../../../src-core/metrics/ood/logitOodScores';
import { columns, f64, golden, logits } from './loadGolden';

const close = (actual: number, expected: number, tol = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThan(tol);
const closeAll = (actual: Float64Array, expected: number[], tol = 1e-9) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => close(actual[i]!, e, tol));
};

describe('OOD scores from logits (higher = more OOD)', () => {
  const oodLogits = columns(golden.ood.oodLogits);
  it('energy and max-logit match numpy', () => {
    closeAll(energyScore(logits), golden.ood.energyId);
    closeAll(energyScore(oodLogits), golden.ood.energyOod);
    closeAll(maxLogitScore(logits), golden.ood.maxLogitId);
  });
  it('OOD AUROC and FPR at 95% TPR match scikit-learn roc_curve', () => {
    const r = evaluateOod(f64(golden.ood.energyId), f64(golden.ood.energyOod));
    close(r.auroc, golden.ood.auroc);
    close(r.fprAt95Tpr, golden.ood.fprAt95Tpr);
  });
  it('max-probability and ODIN reduce over labels with the temperature', () => {
    const z = [Float64Array.of(0, 4), Float64Array.of(-2, 1)];
    close(maxProbabilityScore(z)[0]!, -0.5, 1e-15);
    close(odinScore(z, 2)[1]!, -1 / (1 + Math.exp(-2)), 1e-15);
  });
});

describe('Mahalanobis with Ledoit–Wolf shrinkage against scikit-learn ledoit_wolf + numpy inverse', () => {
  const m = golden.mahalanobis;
  it('fitted shrinkage and scores', () => {
    const model = fitMahalanobis(f64(m.features), m.dimension, columns(m.labels), ['a', 'b', 'c']);
    close(model.shrinkage, m.shrinkage, 1e-12);
    expect(model.classes).toEqual(['a', 'b', 'c', 'noFinding']);
    closeAll(mahalanobisScore(model, f64(m.testFeatures)), m.scores, 1e-8);
  });
  it('fixed documented shrinkage', () => {
    const model = fitMahalanobis(f64(m.features), m.dimension, columns(m.labels), ['a', 'b', 'c'], { shrinkage: m.fixedShrinkage });
    closeAll(mahalanobisScore(model, f64(m.testFeatures)), m.scoresFixed, 1e-8);
  });
});

describe('Cholesky', () => {
  it('factorises, solves and inverts', () => {
    const a = Float64Array.of(4, 2, 0.4, 2, 5, 1, 0.4, 1, 3);
    const l = choleskyDecompose(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += l[i * 3 + k]! * l[j * 3 + k]!;
        close(s, a[i * 3 + j]!, 1e-14);
      }
    const y = solveLower(l, 3, Float64Array.of(1, 2, 3));
    const inv = invertLower(l, 3);
    for (let i = 0; i < 3; i++) close(y[i]!, inv[i * 3]! + 2 * inv[i * 3 + 1]! + 3 * inv[i * 3 + 2]!, 1e-14);
    expect(() => choleskyDecompose(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });
});
