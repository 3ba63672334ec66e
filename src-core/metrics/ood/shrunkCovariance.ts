/** Ledoit–Wolf shrunk covariance of already-centred rows: (1 − s)·S + s·μ·I with the LW optimal s. */

export interface ShrunkCovariance {
  covariance: Float64Array;
  shrinkage: number;
  /** trace(S)/d, the scale of the identity target. */
  mu: number;
}

/**
 * `rows` is n×d row-major and already centred (deviations from class means). S = XᵀX / n. Following
 * Ledoit & Wolf (2004): δ² = ‖S − μI‖²_F / d, β² = min(δ², (1/(n d)) · (1/n Σ_i ‖x_i‖⁴ − ‖S‖²_F)),
 * s = β²/δ² (0 when β² = 0) — the same estimator as scikit-learn's `ledoit_wolf(assume_centered=True)`.
 * A fixed `shrinkage` in [0, 1] may be given instead.
 */
export function shrunkCovariance(
  rows: Float64Array,
  n: number,
  d: number,
  shrinkage: number | 'ledoitWolf' = 'ledoitWolf',
): ShrunkCovariance {
  const s = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let a = 0; a < d; a++) {
      const xa = rows[base + a]!;
      if (xa === 0) continue;
      const rowA = a * d;
      for (let b = a; b < d; b++) s[rowA + b]! += xa * rows[base + b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = s[a * d + b]! / n;
      s[a * d + b] = v;
      s[b * d + a] = v;
    }
  }
  let trace = 0;
  for (let a = 0; a < d; a++) trace += s[a * d + a]!;
  const mu = trace / d;
  let weight: number;
  if (shrinkage === 'ledoitWolf') {
    let frob = 0;
    for (const v of s) frob += v * v;
    let fourth = 0;
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let a = 0; a < d; a++) sq += rows[i * d + a]! ** 2;
      fourth += sq * sq;
    }
    // ‖S − μI‖² = ‖S‖² − 2μ·trace + dμ²
    const delta = (frob - 2 * mu * trace + d * mu * mu) / d;
    const beta = Math.min(delta, (fourth / n - frob) / (n * d));
    weight = beta === 0 || delta === 0 ? 0 : beta / delta;
  } else {
    weight = shrinkage;
  }
  const covariance = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) covariance[a * d + b] = (1 - weight) * s[a * d + b]! + (a === b ? weight * mu : 0);
  return { covariance, shrinkage: weight, mu };
}
