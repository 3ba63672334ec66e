import { describe, expect, it } from 'vitest';
import { computeCalibration } from '../../../src-core/metrics/calibration/computeCalibration';
import { compareCalibration } from '../../../src-core/metrics/calibration/compareCalibration';
import { fitTemperatureGlobal, fitTemperatureOnPairs } from '../../../src-core/metrics/calibration/fitTemperature';
import { calibrationErrors, reliabilityFromRanking } from '../../../src-core/metrics/calibration/reliabilityFromRanking';
import { prepareRanking } from '../../../src-core/metrics/discrimination/prepareRanking';
import { columns, golden, labels, probabilities, weights } from './loadGolden';

const close = (actual: number, expected: number, tol = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThan(tol);
const temperatureLogits = columns(golden.temperatureLogits);

describe('ECE / MCE / reliability bins against a straightforward numpy implementation', () => {
  for (const strategy of ['equalWidth', 'equalMass'] as const) {
    for (const bins of [10, 15]) {
      it(`${strategy}, ${bins} bins, every label`, () => {
        golden.calibration.forEach(
          (
            ref: Record<
              string,
              Record<
                string,
                { ece: number; mce: number; bins: { count: number; meanConfidence: number | null; observedFrequency: number | null }[] }
              >
            >,
            l: number,
          ) => {
            const expected = ref[strategy]![String(bins)]!;
            const result = computeCalibration(probabilities[l]!, labels[l]!, { bins, strategy });
            close(result.ece, expected.ece);
            close(result.mce, expected.mce);
            result.bins.forEach((bin, b) => {
              const e = expected.bins[b]!;
              expect(bin.count).toBe(e.count);
              if (e.count > 0) {
                close(bin.meanConfidence, e.meanConfidence!);
                close(bin.observedFrequency, e.observedFrequency!);
              } else {
                expect(Number.isNaN(bin.meanConfidence)).toBe(true);
              }
            });
          },
        );
      });
    }
  }

  it('integer weights give the same bins as the expanded (resampled) data set', () => {
    for (const strategy of ['equalWidth', 'equalMass'] as const) {
      const l = 2;
      const expandedP: number[] = [];
      const expandedY: number[] = [];
      probabilities[l]!.forEach((p, i) => {
        for (let c = 0; c < weights[i]!; c++) {
          expandedP.push(p);
          expandedY.push(labels[l]![i]!);
        }
      });
      const weighted = calibrationErrors(reliabilityFromRanking(prepareRanking(probabilities[l]!, labels[l]!), 10, strategy, weights));
      const expanded = computeCalibration(Float64Array.from(expandedP), Float64Array.from(expandedY), { bins: 10, strategy });
      close(weighted.ece, expanded.ece, 1e-12);
      close(weighted.mce, expanded.mce, 1e-12);
    }
  });

  it('a perfectly calibrated toy case has ECE 0; an overconfident one does not', () => {
    const p = Float64Array.of(0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75);
    const y = Float64Array.of(1, 0, 0, 0, 1, 1, 1, 0);
    expect(computeCalibration(p, y, { bins: 4 }).ece).toBe(0);
    close(computeCalibration(Float64Array.of(0.9, 0.9), Float64Array.of(1, 0), { bins: 10 }).ece, 0.4);
  });

  it('no known labels is METRIC_UNDEFINED', () => {
    expect(() => computeCalibration(Float64Array.of(0.2), Float64Array.of(NaN))).toThrow(/no cases with a known label/);
  });
});

describe('temperature scaling against scipy (bounded minimisation over log T)', () => {
  golden.temperature.perLabel.forEach((ref: Record<string, number>, l: number) => {
    it(`label ${l}`, () => {
      const fit = fitTemperatureOnPairs(temperatureLogits[l]!, labels[l]!);
      close(fit.temperature, ref.temperature!, 1e-6);
      close(fit.nllBefore, ref.nllBefore!);
      close(fit.nllAfter, ref.nllAfter!, 1e-9);
      expect(fit.nllAfter).toBeLessThanOrEqual(ref.nllAfter! + 1e-12);
    });
  });
  it('global (one T for all labels)', () => {
    const fit = fitTemperatureGlobal(temperatureLogits, labels);
    close(fit.temperature, golden.temperature.global.temperature, 1e-6);
    close(fit.nllAfter, golden.temperature.global.nllAfter, 1e-9);
  });
  it('undefined for anti-correlated or perfectly separated logits', () => {
    expect(() => fitTemperatureOnPairs(Float64Array.of(2, 1, -1, -2), Float64Array.of(0, 0, 1, 1))).toThrow(/not positively associated/);
    expect(() => fitTemperatureOnPairs(Float64Array.of(2, 1, -1, -2), Float64Array.of(1, 1, 0, 0))).toThrow(/perfectly separated/);
  });
  it('before/after comparison lowers NLL and reports the temperatures', () => {
    const c = compareCalibration({ logits: temperatureLogits, labels }, { logits: temperatureLogits, labels }, 'perLabel', { bins: 10 });
    c.temperatures.forEach((t, l) => close(t.value, golden.temperature.perLabel[l].temperature, 1e-6));
    c.after.forEach((after, l) => expect(after.nll.value).toBeLessThan(c.before[l]!.nll.value));
    const g = compareCalibration({ logits: temperatureLogits, labels }, { logits: temperatureLogits, labels }, 'global');
    expect(new Set(g.temperatures.map((t) => t.value)).size).toBe(1);
  });
});
