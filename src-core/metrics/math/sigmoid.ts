/** Numerically stable logistic, log(1 + e^x) and logit for binary (multi-label) outputs. */

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow for large x or precision loss for very negative x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Probabilities are clipped to [ε, 1 − ε] first, ε = 2⁻⁵² (scikit-learn 1.2 log_loss, eps="auto"). */
export function logit(p: number, eps = Number.EPSILON): number {
  const q = Math.min(Math.max(p, eps), 1 - eps);
  return Math.log(q) - Math.log1p(-q);
}
