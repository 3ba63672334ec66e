// Calibration at a deployment prevalence (class reweighting) against numpy / scikit-learn (test/fixtures/metrics/prevalence.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { calibrationAtPrevalence } from '../../../src-core/metrics/calibration/calibrationAtPrevalence';
import { repoRoot } from '../../helpers/paths';

type Scores = { ece: number; brier: number; nll: number };
const fx = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/metrics/prevalence.json'), 'utf8')) as {
  logits: Array<number | null>;
  labels: Array<number | null>;
  temperature: number;
  targetPrevalence: number;
  observedPrevalence: number;
  offset: number;
  atTarget: { afterTemperature: Scores; afterPriorShift: Scores };
};
const labels = Float64Array.from(fx.labels, (y) => (y === null ? Number.NaN : y));
const shifted = (offset: number) => Float64Array.from(fx.logits, (z) => (z === null ? Number.NaN : z / fx.temperature + offset));

describe('calibration at a deployment prevalence', () => {
  it.each([
    ['afterTemperature', 0],
    ['afterPriorShift', fx.offset],
  ] as const)('%s matches numpy / scikit-learn with the cases reweighted to the target prevalence', (key, offset) => {
    const r = calibrationAtPrevalence(shifted(offset), labels, fx.targetPrevalence);
    expect(r.observedPrevalence).toBeCloseTo(fx.observedPrevalence, 14);
    expect(r.ece).toBeCloseTo(fx.atTarget[key].ece, 12);
    expect(r.brier).toBeCloseTo(fx.atTarget[key].brier, 12);
    expect(r.nll).toBeCloseTo(fx.atTarget[key].nll, 9);
  });

  it('shows the shift working: the shifted probabilities are the calibrated ones at the target', () => {
    const temperatureOnly = calibrationAtPrevalence(shifted(0), labels, fx.targetPrevalence);
    const afterShift = calibrationAtPrevalence(shifted(fx.offset), labels, fx.targetPrevalence);
    expect(afterShift.ece).toBeLessThan(temperatureOnly.ece / 3);
  });

  it('is undefined when a class is missing', () => {
    expect(() => calibrationAtPrevalence(Float64Array.of(0, 1), Float64Array.of(1, 1), 0.2)).toThrow(HilumError);
  });
});
