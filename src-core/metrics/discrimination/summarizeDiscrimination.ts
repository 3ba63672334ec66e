/** AUROC and AUPRC per label, macro (mean over labels where defined) and micro (all label-case pairs pooled). */
import { undefinedReason } from '../metricUndefined';
import type { LabelColumns } from '../types';
import { computeAuroc } from './computeAuroc';
import { computeAveragePrecision } from './computeAveragePrecision';
import { flattenColumns } from './flattenColumns';

export interface MaybeValue {
  value: number;
  reason?: string;
}

export interface DiscriminationSummary {
  perLabel: { auroc: MaybeValue; auprc: MaybeValue }[];
  /** Unweighted mean over the labels where the metric is defined; `excluded` lists the others. */
  macro: { auroc: MaybeValue & { excluded: number[] }; auprc: MaybeValue & { excluded: number[] } };
  micro: { auroc: MaybeValue; auprc: MaybeValue };
}

export function summarizeDiscrimination(predictions: LabelColumns, labels: LabelColumns): DiscriminationSummary {
  const perLabel = predictions.map((scores, l) => ({
    auroc: tryMetric(() => computeAuroc(scores, labels[l]!)),
    auprc: tryMetric(() => computeAveragePrecision(scores, labels[l]!)),
  }));
  const flatScores = flattenColumns(predictions);
  const flatLabels = flattenColumns(labels);
  return {
    perLabel,
    macro: {
      auroc: macroOf(
        perLabel.map((m) => m.auroc),
        'AUROC',
      ),
      auprc: macroOf(
        perLabel.map((m) => m.auprc),
        'AUPRC',
      ),
    },
    micro: {
      auroc: tryMetric(() => computeAuroc(flatScores, flatLabels)),
      auprc: tryMetric(() => computeAveragePrecision(flatScores, flatLabels)),
    },
  };
}

export function tryMetric(compute: () => number): MaybeValue {
  try {
    return { value: compute() };
  } catch (error) {
    const reason = undefinedReason(error);
    if (reason === null) throw error;
    return { value: NaN, reason };
  }
}

function macroOf(values: MaybeValue[], name: string): MaybeValue & { excluded: number[] } {
  const excluded: number[] = [];
  let sum = 0;
  let count = 0;
  values.forEach((v, l) => {
    if (Number.isNaN(v.value)) excluded.push(l);
    else {
      sum += v.value;
      count++;
    }
  });
  if (count === 0) return { value: NaN, reason: `${name} is undefined for every label`, excluded };
  return { value: sum / count, excluded };
}
