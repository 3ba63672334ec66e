import { describe, expect, it } from 'vitest';
import { applyThresholds } from '../../../src-core/metrics/thresholds/applyThresholds';
import { selectThreshold } from '../../../src-core/metrics/thresholds/selectThresholds';
import { abstentionMask, abstentionOutcome } from '../../../src-core/metrics/selective/abstentionPolicy';
import { coverageRiskCurve, selectOperatingPoint } from '../../../src-core/metrics/selective/coverageRiskCurve';
import { f64, golden, labels, probabilities } from './loadGolden';

const close = (actual: number, expected: number, tol = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThan(tol);

describe('thresholds chosen on validation (brute force over distinct scores in numpy)', () => {
  golden.thresholds.forEach((ref: Record<string, number>, l: number) => {
    it(`label ${l}`, () => {
      const f1 = selectThreshold(probabilities[l]!, labels[l]!, { kind: 'maxF1' });
      expect(f1.threshold).toBe(ref.maxF1);
      close(f1.f1, ref.maxF1Value!);
      const youden = selectThreshold(probabilities[l]!, labels[l]!, { kind: 'maxYouden' });
      expect(youden.threshold).toBe(ref.maxYouden);
      close(youden.sensitivity + youden.specificity - 1, ref.maxYoudenValue!);
      const sens = selectThreshold(probabilities[l]!, labels[l]!, { kind: 'targetSensitivity', sensitivity: 0.9 });
      expect(sens.threshold).toBe(ref.sensitivity90);
      expect(sens.sensitivity).toBeGreaterThanOrEqual(0.9);
    });
  });
  it('applying frozen thresholds is separate and uses score ≥ threshold', () => {
    const [out] = applyThresholds([Float64Array.of(0.2, 0.5, 0.7)], [0.5]);
    expect(Array.from(out!)).toEqual([0, 1, 1]);
    expect(() => applyThresholds([Float64Array.of(0.2)], [0.5, 0.4])).toThrow(/2 thresholds for 1 labels/);
  });
  it('no positives is METRIC_UNDEFINED', () => {
    expect(() => selectThreshold(Float64Array.of(0.1, 0.2), Float64Array.of(0, 0), { kind: 'maxF1' })).toThrow(/no positive/);
  });
});

describe('selective prediction', () => {
  const confidence = f64(golden.selective.confidence);
  const loss = f64(golden.selective.loss);
  it('AURC matches a brute-force mean of risk(k) (ties accepted together)', () => {
    const curve = coverageRiskCurve(confidence, loss);
    close(curve.aurc, golden.selective.aurc);
    const last = curve.points[curve.points.length - 1]!;
    expect(last.coverage).toBe(1);
    close(last.risk, golden.selective.fullRisk);
  });
  it('operating points for a target coverage and a target risk', () => {
    const curve = coverageRiskCurve(confidence, loss);
    const atCoverage = selectOperatingPoint(curve, { coverage: 0.8 });
    expect(atCoverage.coverage).toBeGreaterThanOrEqual(0.8);
    expect(curve.points.filter((p) => p.coverage >= 0.8 && p.coverage < atCoverage.coverage)).toEqual([]);
    const atRisk = selectOperatingPoint(curve, { risk: 0.15 });
    expect(atRisk.risk).toBeLessThanOrEqual(0.15);
    expect(curve.points.filter((p) => p.risk <= 0.15 && p.coverage > atRisk.coverage)).toEqual([]);
    expect(() => selectOperatingPoint(curve, { risk: -1 })).toThrow(/no coverage reaches/);
  });
  it('abstention by confidence, by OOD score, and combined', () => {
    const conf = Float64Array.of(0.9, 0.2, 0.8, 0.7);
    const ood = Float64Array.of(0.1, 0.1, 5, 0.3);
    const l = Float64Array.of(0, 1, 1, 0);
    expect(Array.from(abstentionMask({ kind: 'confidence', minConfidence: 0.5 }, { confidence: conf }))).toEqual([0, 1, 0, 0]);
    expect(Array.from(abstentionMask({ kind: 'ood', maxOodScore: 1 }, { oodScore: ood }))).toEqual([0, 0, 1, 0]);
    const both = abstentionMask({ kind: 'combined', minConfidence: 0.5, maxOodScore: 1 }, { confidence: conf, oodScore: ood });
    expect(Array.from(both)).toEqual([0, 1, 1, 0]);
    expect(abstentionOutcome(both, l)).toEqual({ coverage: 0.5, risk: 0, accepted: 2 });
    expect(() => abstentionMask({ kind: 'ood', maxOodScore: 1 }, { confidence: conf })).toThrow(/needs OOD/);
  });
});
