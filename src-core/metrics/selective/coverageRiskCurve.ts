/** Selective prediction: coverage–risk curve and AURC from a per-case confidence and a per-case loss. */
import { HilumError } from '../../errors';
import { metricUndefined } from '../metricUndefined';

export interface CoverageRiskPoint {
  /** Accept cases with confidence ≥ threshold. */
  threshold: number;
  coverage: number;
  /** Mean loss of the accepted cases. */
  risk: number;
  accepted: number;
}

export interface CoverageRiskCurve {
  points: CoverageRiskPoint[];
  /**
   * Area under the risk–coverage curve, (1/n) Σ_k risk(k) over k = 1..n accepted cases in order of
   * decreasing confidence (Geifman & El-Yaniv). Cases with tied confidence are accepted together, so
   * every k inside a tie group uses the group's cumulative risk.
   */
  aurc: number;
  cases: number;
}

export function coverageRiskCurve(confidence: Float64Array, loss: Float64Array): CoverageRiskCurve {
  const n = confidence.length;
  if (loss.length !== n) throw new HilumError('INVALID_ARGUMENT', `confidence (${n}) and loss (${loss.length}) differ in length`);
  if (n === 0) throw metricUndefined('coverage–risk curve', 'no cases');
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(confidence[i]!) || Number.isNaN(loss[i]!))
      throw new HilumError('INVALID_ARGUMENT', `confidence or loss of case ${i} is NaN`);
    order[i] = i;
  }
  order.sort((a, b) => confidence[b]! - confidence[a]! || a - b);
  const points: CoverageRiskPoint[] = [];
  let lossSum = 0;
  let aurcSum = 0;
  let groupStart = 0;
  for (let k = 0; k < n; k++) {
    lossSum += loss[order[k]!]!;
    const last = k === n - 1 || confidence[order[k + 1]!] !== confidence[order[k]!];
    if (!last) continue;
    const accepted = k + 1;
    const risk = lossSum / accepted;
    aurcSum += risk * (accepted - groupStart);
    groupStart = accepted;
    points.push({ threshold: confidence[order[k]!]!, coverage: accepted / n, risk, accepted });
  }
  return { points, aurc: aurcSum / n, cases: n };
}

/**
 * The operating point for a target: for a risk target, the largest coverage whose risk ≤ target;
 * for a coverage target, the smallest coverage ≥ target. Undefined when no point meets a risk target.
 */
export function selectOperatingPoint(curve: CoverageRiskCurve, target: { risk: number } | { coverage: number }): CoverageRiskPoint {
  if ('risk' in target) {
    let best: CoverageRiskPoint | null = null;
    for (const p of curve.points) if (p.risk <= target.risk) best = p;
    if (best === null) throw metricUndefined('operating point', `no coverage reaches risk ≤ ${target.risk}`);
    return best;
  }
  for (const p of curve.points) if (p.coverage >= target.coverage) return p;
  throw metricUndefined('operating point', `coverage ${target.coverage} is not reachable`);
}
