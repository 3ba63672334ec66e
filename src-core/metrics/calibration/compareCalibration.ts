/** Before/after calibration comparison for temperature scaling: fit on validation, evaluate on test (may be the same). */
import { tryMetric, type MaybeValue } from '../discrimination/summarizeDiscrimination';
import { sigmoid } from '../math/sigmoid';
import type { LabelColumns } from '../types';
import { computeBrier, computeNll } from './computeBrier';
import { computeCalibration, type CalibrationOptions } from './computeCalibration';
import { applyTemperature, fitTemperatureGlobal, fitTemperatureOnPairs } from './fitTemperature';

export interface CalibrationSnapshot {
  ece: MaybeValue;
  mce: MaybeValue;
  brier: MaybeValue;
  nll: MaybeValue;
}

export interface CalibrationComparison {
  mode: 'perLabel' | 'global';
  /** Fitted temperature per label (the same value repeated for 'global'); NaN with reason where undefined. */
  temperatures: MaybeValue[];
  before: CalibrationSnapshot[];
  after: CalibrationSnapshot[];
}

export function compareCalibration(
  fit: { logits: LabelColumns; labels: LabelColumns },
  evaluate: { logits: LabelColumns; labels: LabelColumns },
  mode: 'perLabel' | 'global',
  options: CalibrationOptions = {},
): CalibrationComparison {
  const temperatures: MaybeValue[] =
    mode === 'global'
      ? Array(fit.logits.length).fill(tryMetric(() => fitTemperatureGlobal(fit.logits, fit.labels).temperature))
      : fit.logits.map((z, l) => tryMetric(() => fitTemperatureOnPairs(z, fit.labels[l]!).temperature));
  const snapshot = (logits: Float64Array, labels: Float64Array, temperature: number): CalibrationSnapshot => {
    const probabilities = temperature === 1 ? logits.map(sigmoid) : applyTemperature(logits, temperature);
    const scaled = temperature === 1 ? logits : logits.map((z) => z / temperature);
    return {
      ece: tryMetric(() => computeCalibration(probabilities, labels, options).ece),
      mce: tryMetric(() => computeCalibration(probabilities, labels, options).mce),
      brier: tryMetric(() => computeBrier(probabilities, labels)),
      nll: tryMetric(() => computeNll(scaled, labels, true)),
    };
  };
  const before = evaluate.logits.map((z, l) => snapshot(z, evaluate.labels[l]!, 1));
  // Where no temperature could be fitted there is no "after": each value is NaN with the reason.
  const after = evaluate.logits.map((z, l) => {
    const t = temperatures[l]!;
    if (!Number.isNaN(t.value)) return snapshot(z, evaluate.labels[l]!, t.value);
    const missing = { value: NaN, reason: `no temperature: ${t.reason ?? 'undefined'}` };
    return { ece: missing, mce: missing, brier: missing, nll: missing };
  });
  return { mode, temperatures, before, after };
}
