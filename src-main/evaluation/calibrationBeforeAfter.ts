/**
 * ECE, Brier and NLL per label on a test set with T = 1, with the fitted temperatures, and with a bundle's
 * label-shift offsets on top: did each step help? With a prior shift, also at the deployment prevalence it
 * targets (test cases reweighted by class), where the shifted probabilities are the ones meant to be calibrated.
 */
import { calibrationAtPrevalence } from '../../src-core/metrics/calibration/calibrationAtPrevalence';
import { computeCalibration } from '../../src-core/metrics/calibration/computeCalibration';
import { computeBrier, computeNll } from '../../src-core/metrics/calibration/computeBrier';
import { sigmoid } from '../../src-core/metrics/math/sigmoid';

export const DEPLOYMENT_WEIGHTING =
  'known test cases reweighted by class to the deployment prevalence (positives × target/observed, negatives × (1 − target)/(1 − observed)), ' +
  'the importance weights of a pure label shift (Saerens et al. 2002); ECE over 15 weighted equal-width bins, Brier and NLL weighted';

export interface PriorShiftInputs {
  /** Per-label logit offsets logit(target) − logit(source). */
  offsets: Record<string, number>;
  /** Per-label deployment prevalence. */
  targets: Record<string, number>;
}

type Scores = { ece: number; brier: number; nll: number } | { undefined: string };

function guarded(f: () => { ece: number; brier: number; nll: number }): Scores {
  try {
    return f();
  } catch (error) {
    return { undefined: (error as Error).message };
  }
}

function labelCalibration(
  logits: Float64Array,
  labels: Float64Array,
  temperature: number,
  shift: { offset: number; target?: number } | null,
) {
  const idx = [...labels.keys()].filter((i) => !Number.isNaN(labels[i]!));
  const y = Float64Array.from(idx, (i) => labels[i]!);
  const zAt = (offset: number) => Float64Array.from(idx, (i) => logits[i]! / temperature + offset);
  const at = (t: number, offset = 0) =>
    guarded(() => {
      const z = Float64Array.from(idx, (i) => logits[i]! / t + offset);
      const p = z.map(sigmoid);
      return { ece: computeCalibration(p, y).ece, brier: computeBrier(p, y), nll: computeNll(z, y, true) };
    });
  const testSetPrevalence = y.length > 0 ? y.reduce((a, b) => a + b, 0) / y.length : null;
  const base = { temperature, testSetPrevalence, before: at(1), after: at(temperature) };
  if (!shift) return base;
  const target = shift.target;
  return {
    ...base,
    priorOffset: shift.offset,
    afterPriorShift: at(temperature, shift.offset),
    ...(target === undefined
      ? {}
      : {
          atDeploymentPrevalence: {
            prevalence: target,
            afterTemperature: guarded(() => calibrationAtPrevalence(zAt(0), y, target)),
            afterPriorShift: guarded(() => calibrationAtPrevalence(zAt(shift.offset), y, target)),
          },
        }),
  };
}

export function calibrationBeforeAfter(
  labelNames: string[],
  logits: Float64Array[],
  labels: Float64Array[],
  temperatures: Record<string, number>,
  priorShift: PriorShiftInputs | null = null,
) {
  return Object.fromEntries(
    labelNames.map((name, l) => [
      name,
      labelCalibration(
        logits[l]!,
        labels[l]!,
        temperatures[name]!,
        priorShift
          ? { offset: priorShift.offsets[name] ?? 0, ...(name in priorShift.targets ? { target: priorShift.targets[name]! } : {}) }
          : null,
      ),
    ]),
  );
}
