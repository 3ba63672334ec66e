import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { computeAuroc } from '../../../src-core/metrics/discrimination/computeAuroc';
import { computeAveragePrecision } from '../../../src-core/metrics/discrimination/computeAveragePrecision';
import { confusionAtThreshold } from '../../../src-core/metrics/discrimination/confusionAtThreshold';
import { summarizeDiscrimination } from '../../../src-core/metrics/discrimination/summarizeDiscrimination';
import { computeBrier, computeNll, brierWeighted } from '../../../src-core/metrics/calibration/computeBrier';
import { golden, labels, logits, probabilities, weights } from './loadGolden';

const close = (actual: number, expected: number, tol = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThan(tol);

function expectUndefined(fn: () => unknown, reason: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HilumError);
    expect((error as HilumError).code).toBe('METRIC_UNDEFINED');
    expect(String((error as HilumError).details.reason)).toMatch(reason);
    return;
  }
  throw new Error('expected METRIC_UNDEFINED');
}

describe('AUROC / AUPRC / Brier / NLL against scikit-learn (tied scores, unknown labels)', () => {
  golden.perLabel.forEach((ref: Record<string, number>, l: number) => {
    it(`label ${l}`, () => {
      close(computeAuroc(probabilities[l]!, labels[l]!), ref.auroc!);
      close(computeAveragePrecision(probabilities[l]!, labels[l]!), ref.auprc!);
      close(computeBrier(probabilities[l]!, labels[l]!), ref.brier!);
      close(computeNll(probabilities[l]!, labels[l]!, false), ref.nll!);
      close(computeAuroc(logits[l]!, labels[l]!), ref.aurocLogits!);
      close(computeAveragePrecision(logits[l]!, labels[l]!), ref.auprcLogits!);
      close(computeNll(logits[l]!, labels[l]!, true), ref.nllLogits!);
    });
    it(`label ${l} with case weights (bootstrap counts, sklearn sample_weight)`, () => {
      close(computeAuroc(probabilities[l]!, labels[l]!, weights), ref.aurocWeighted!);
      close(computeAveragePrecision(probabilities[l]!, labels[l]!, weights), ref.auprcWeighted!);
      close(brierWeighted(probabilities[l]!, labels[l]!, weights), ref.brierWeighted!);
    });
  });

  it('macro and micro', () => {
    const summary = summarizeDiscrimination(probabilities, labels);
    close(summary.macro.auroc.value, golden.macro.auroc);
    close(summary.macro.auprc.value, golden.macro.auprc);
    close(summary.micro.auroc.value, golden.micro.auroc);
    close(summary.micro.auprc.value, golden.micro.auprc);
    expect(summary.macro.auroc.excluded).toEqual([]);
  });

  it('operating point counts at 0.5 match sklearn confusion_matrix', () => {
    golden.operating.forEach((ref: Record<string, number>, l: number) => {
      const op = confusionAtThreshold(probabilities[l]!, labels[l]!, 0.5);
      expect({ tp: op.tp, fp: op.fp, tn: op.tn, fn: op.fn }).toEqual(ref);
      close(op.sensitivity, ref.tp! / (ref.tp! + ref.fn!));
      close(op.specificity, ref.tn! / (ref.tn! + ref.fp!));
      close(op.f1, (2 * ref.tp!) / (2 * ref.tp! + ref.fp! + ref.fn!));
    });
  });
});

describe('undefined metrics say why (never a silent 0.5)', () => {
  const s = Float64Array.of(0.1, 0.4, 0.35, 0.8);
  it('no positives / no negatives / empty / constant scores', () => {
    expectUndefined(() => computeAuroc(s, Float64Array.of(0, 0, 0, 0)), /no positive/);
    expectUndefined(() => computeAuroc(s, Float64Array.of(1, 1, 1, 1)), /no negative/);
    expectUndefined(() => computeAuroc(new Float64Array(0), new Float64Array(0)), /no cases/);
    expectUndefined(() => computeAuroc(s, Float64Array.of(NaN, NaN, NaN, NaN)), /no cases/);
    expectUndefined(() => computeAuroc(Float64Array.of(0.3, 0.3, 0.3), Float64Array.of(1, 0, 1)), /all scores are equal/);
    expectUndefined(() => computeAveragePrecision(s, Float64Array.of(0, 0, 0, 0)), /no positive/);
  });
  it('a label without positives is excluded from the macro with its reason', () => {
    const summary = summarizeDiscrimination([s, s], [Float64Array.of(0, 0, 1, 1), Float64Array.of(0, 0, 0, NaN)]);
    expect(summary.macro.auroc.excluded).toEqual([1]);
    expect(summary.perLabel[1]!.auroc.reason).toMatch(/no positive/);
    expect(Number.isNaN(summary.perLabel[1]!.auroc.value)).toBe(true);
    close(summary.macro.auroc.value, 0.75);
  });
  it('operating point with no predicted positives reports NaN PPV with a reason', () => {
    const op = confusionAtThreshold(s, Float64Array.of(0, 1, 0, 1), 0.9);
    expect(Number.isNaN(op.ppv)).toBe(true);
    expect(op.reasons.ppv).toMatch(/predicted positive/);
  });
  it('rejects label values other than 0, 1, NaN', () => {
    expect(() => computeAuroc(s, Float64Array.of(0, 2, 1, 0))).toThrow(/not 0, 1/);
  });
});
