/** Standard normal CDF and complementary error function to near double precision (for DeLong p-values). */

/** erfc(x): power series of erf for |x| < 1.5 (all terms positive), continued fraction beyond (80 terms: ≤ 2e-15 relative from 1.5 up; the series would lose digits to 1 − erf there). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1.5) {
    // erf(x) = 2/√π · e^{−x²} · Σ_n x (2x²)^n / (1·3·…·(2n+1))
    const twoX2 = 2 * x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= twoX2 / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  if (x > 27) return 0;
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail.
  let t = x;
  for (let k = 80; k >= 1; k--) t = x + k / 2 / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}

export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard-normal statistic. */
export function twoSidedNormalP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** 97.5th percentile of the standard normal. */
export const Z_975 = 1.959963984540054;
