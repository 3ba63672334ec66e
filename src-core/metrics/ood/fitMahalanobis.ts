/** Mahalanobis OOD detector fitted on training features: class-conditional means, one shared shrunk covariance. */
import { HilumError } from '../../errors';
import { choleskyDecompose, invertLower } from '../math/cholesky';
import { metricUndefined } from '../metricUndefined';
import type { LabelColumns } from '../types';
import { shrunkCovariance } from './shrunkCovariance';

export interface MahalanobisModel {
  dimension: number;
  /** Class names: one per label with ≥ 1 positive, then 'noFinding' (cases without any positive). */
  classes: string[];
  /** W = L⁻¹ with Σ = L Lᵀ, row-major d×d. */
  whitening: Float64Array;
  /** W μ_c for each class. */
  whitenedMeans: Float64Array[];
  shrinkage: number;
}

/**
 * Multi-label classes overlap, so each (case, class) membership is one sample: a case positive for
 * two labels contributes its deviation from each of the two means. The shared covariance is the
 * (maximum-likelihood) covariance of all those deviations, shrunk toward μI (Ledoit–Wolf by default,
 * or a fixed weight) so it stays invertible when features outnumber cases. Unknown labels count as
 * not positive. `features` is n×d row-major.
 */
export function fitMahalanobis(
  features: Float64Array,
  dimension: number,
  labels: LabelColumns,
  labelNames: readonly string[],
  options: { shrinkage?: number | 'ledoitWolf' } = {},
): MahalanobisModel {
  const d = dimension;
  if (d < 1 || features.length % d !== 0)
    throw new HilumError('INVALID_ARGUMENT', `features length ${features.length} is not a multiple of dimension ${d}`);
  const n = features.length / d;
  if (labels.some((c) => c.length !== n)) throw new HilumError('INVALID_ARGUMENT', `labels must have ${n} cases like the features`);
  const members: number[][] = labels.map((column) => {
    const list: number[] = [];
    for (let i = 0; i < n; i++) if (column[i] === 1) list.push(i);
    return list;
  });
  const none: number[] = [];
  for (let i = 0; i < n; i++) if (!labels.some((c) => c[i] === 1)) none.push(i);
  const classes: string[] = [];
  const classMembers: number[][] = [];
  members.forEach((list, l) => {
    if (list.length > 0) {
      classes.push(labelNames[l] ?? `label${l}`);
      classMembers.push(list);
    }
  });
  if (none.length > 0) {
    classes.push('noFinding');
    classMembers.push(none);
  }
  if (classes.length === 0) throw metricUndefined('Mahalanobis', 'no training cases');
  const means = classMembers.map((list) => {
    const mean = new Float64Array(d);
    for (const i of list) for (let a = 0; a < d; a++) mean[a]! += features[i * d + a]!;
    for (let a = 0; a < d; a++) mean[a]! /= list.length;
    return mean;
  });
  const total = classMembers.reduce((s, list) => s + list.length, 0);
  const deviations = new Float64Array(total * d);
  let row = 0;
  classMembers.forEach((list, c) => {
    const mean = means[c]!;
    for (const i of list) {
      for (let a = 0; a < d; a++) deviations[row * d + a] = features[i * d + a]! - mean[a]!;
      row++;
    }
  });
  const { covariance, shrinkage } = shrunkCovariance(deviations, total, d, options.shrinkage ?? 'ledoitWolf');
  const whitening = invertLower(choleskyDecompose(covariance, d), d);
  return { dimension: d, classes, whitening, whitenedMeans: means.map((m) => multiplyLower(whitening, d, m)), shrinkage };
}

/** OOD score: the smallest squared Mahalanobis distance to any class mean (higher = more OOD). */
export function mahalanobisScore(model: MahalanobisModel, features: Float64Array): Float64Array {
  const d = model.dimension;
  if (features.length % d !== 0)
    throw new HilumError('INVALID_ARGUMENT', `features length ${features.length} is not a multiple of dimension ${d}`);
  const n = features.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = multiplyLower(model.whitening, d, features.subarray(i * d, (i + 1) * d));
    let best = Infinity;
    for (const mean of model.whitenedMeans) {
      let dist = 0;
      for (let a = 0; a < d; a++) dist += (w[a]! - mean[a]!) ** 2;
      if (dist < best) best = dist;
    }
    out[i] = best;
  }
  return out;
}

function multiplyLower(lower: Float64Array, d: number, x: Float64Array): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += lower[i * d + k]! * x[k]!;
    y[i] = s;
  }
  return y;
}
