/** Dense Cholesky factorisation and triangular inverse for small symmetric positive-definite matrices (row-major). */
import { HilumError } from '../../errors';

/** Lower-triangular L with A = L Lᵀ. Throws when A is not positive definite (add shrinkage). */
export function choleskyDecompose(a: Float64Array, d: number): Float64Array {
  if (a.length !== d * d) throw new HilumError('INVALID_ARGUMENT', `matrix has ${a.length} entries, expected ${d}×${d}`);
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let diag = a[j * d + j]!;
    for (let k = 0; k < j; k++) diag -= l[j * d + k]! ** 2;
    if (!(diag > 0))
      throw new HilumError('METRIC_UNDEFINED', `covariance is not positive definite (pivot ${j} = ${diag})`, {
        reason: 'singular covariance',
      });
    const ljj = Math.sqrt(diag);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L y = b by forward substitution. */
export function solveLower(l: Float64Array, d: number, b: Float64Array): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * d + k]! * y[k]!;
    y[i] = s / l[i * d + i]!;
  }
  return y;
}

/** L⁻¹ (lower triangular), so that many Mahalanobis distances cost one matrix-vector product each. */
export function invertLower(l: Float64Array, d: number): Float64Array {
  const inv = new Float64Array(d * d);
  const e = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    e.fill(0);
    e[j] = 1;
    const column = solveLower(l, d, e);
    for (let i = 0; i < d; i++) inv[i * d + j] = column[i]!;
  }
  return inv;
}
