/** DeLong's test for two correlated AUROCs on the same cases, with the fast midrank algorithm of Sun & Xu (2014). */
import { HilumError } from '../../errors';
import { Z_975, twoSidedNormalP } from '../math/normalCdf';
import { midranks } from '../math/midranks';
import { metricUndefined } from '../metricUndefined';

export interface DelongResult {
  aurocA: number;
  aurocB: number;
  /** aurocA − aurocB */
  difference: number;
  /** DeLong variance of the difference. */
  variance: number;
  z: number;
  pValue: number;
  /** difference ± 1.96 · √variance */
  ci95: [number, number];
  positives: number;
  negatives: number;
}

/**
 * Sun & Xu: with X the m positives' scores and Y the n negatives', the structural components are
 * V10_i = (Tz_i − Tx_i)/n and V01_j = 1 − (Tz_{m+j} − Ty_j)/m, where Tz, Tx, Ty are midranks within
 * all cases, the positives and the negatives — three sorts instead of the m·n comparisons of the
 * original. Var(Â − B̂) = c'(S10/m + S01/n)c with c = (1, −1) and S the sample covariances (ddof 1).
 * Unknown labels (NaN) are excluded.
 */
export function delongTest(scoresA: Float64Array, scoresB: Float64Array, labels: Float64Array): DelongResult {
  if (scoresA.length !== labels.length || scoresB.length !== labels.length) {
    throw new HilumError('INVALID_ARGUMENT', 'DeLong: both score arrays must have one entry per label');
  }
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos.push(i);
    else if (labels[i] === 0) neg.push(i);
  }
  const m = pos.length;
  const n = neg.length;
  if (m < 2) throw metricUndefined('DeLong test', m === 0 ? 'no positive cases' : 'needs at least 2 positive cases', { positives: m });
  if (n < 2) throw metricUndefined('DeLong test', n === 0 ? 'no negative cases' : 'needs at least 2 negative cases', { negatives: n });
  const a = structuralComponents(scoresA, pos, neg);
  const b = structuralComponents(scoresB, pos, neg);
  const s10 = covariance2(a.v10, b.v10);
  const s01 = covariance2(a.v01, b.v01);
  const varA = s10.xx / m + s01.xx / n;
  const varB = s10.yy / m + s01.yy / n;
  const cov = s10.xy / m + s01.xy / n;
  const variance = varA + varB - 2 * cov;
  const difference = a.auroc - b.auroc;
  const sd = Math.sqrt(Math.max(variance, 0));
  let z: number;
  let pValue: number;
  if (sd === 0) {
    // Identical rankings (or constant components): the difference is exactly 0 with no spread.
    if (difference !== 0) throw metricUndefined('DeLong test', 'zero variance with a non-zero difference');
    z = 0;
    pValue = 1;
  } else {
    z = difference / sd;
    pValue = twoSidedNormalP(z);
  }
  return {
    aurocA: a.auroc,
    aurocB: b.auroc,
    difference,
    variance,
    z,
    pValue,
    ci95: [difference - Z_975 * sd, difference + Z_975 * sd],
    positives: m,
    negatives: n,
  };
}

function structuralComponents(scores: Float64Array, pos: number[], neg: number[]): { auroc: number; v10: Float64Array; v01: Float64Array } {
  const m = pos.length;
  const n = neg.length;
  const x = Float64Array.from(pos, (i) => scores[i]!);
  const y = Float64Array.from(neg, (i) => scores[i]!);
  const z = new Float64Array(m + n);
  z.set(x, 0);
  z.set(y, m);
  for (const v of z) if (Number.isNaN(v)) throw new HilumError('INVALID_ARGUMENT', 'DeLong: a score is NaN');
  const tx = midranks(x);
  const ty = midranks(y);
  const tz = midranks(z);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let rankSum = 0;
  for (let i = 0; i < m; i++) {
    v10[i] = (tz[i]! - tx[i]!) / n;
    rankSum += tz[i]!;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - (tz[m + j]! - ty[j]!) / m;
  return { auroc: (rankSum - (m * (m + 1)) / 2) / (m * n), v10, v01 };
}

function covariance2(x: Float64Array, y: Float64Array): { xx: number; yy: number; xy: number } {
  const k = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < k; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= k;
  my /= k;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < k; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    xx += dx * dx;
    yy += dy * dy;
    xy += dx * dy;
  }
  return { xx: xx / (k - 1), yy: yy / (k - 1), xy: xy / (k - 1) };
}
