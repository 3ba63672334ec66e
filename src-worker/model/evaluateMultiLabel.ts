/** Validation metrics: per-label and macro AUROC / AUPRC over known labels (src-core/metrics), undefined labels skipped. */
import { computeAuroc } from '../../src-core/metrics/discrimination/computeAuroc';
import { computeAveragePrecision } from '../../src-core/metrics/discrimination/computeAveragePrecision';
import { undefinedReason } from '../../src-core/metrics/metricUndefined';

export interface MultiLabelMetrics {
  macroAuroc: number | null;
  macroAuprc: number | null;
  perLabelAuroc: Array<number | null>;
  definedLabels: number;
}

/** scores, targets, mask: [N, C] row-major. A target counts as positive when ≥ 0.5. */
export function evaluateMultiLabel(
  scores: Float32Array,
  targets: Float32Array,
  mask: Float32Array,
  N: number,
  C: number,
): MultiLabelMetrics {
  const perLabelAuroc: Array<number | null> = [];
  const aurocs: number[] = [];
  const auprcs: number[] = [];
  for (let c = 0; c < C; c++) {
    const s = new Float64Array(N);
    const y = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      s[i] = scores[i * C + c]!;
      y[i] = mask[i * C + c]! > 0 ? (targets[i * C + c]! >= 0.5 ? 1 : 0) : NaN;
    }
    try {
      const a = computeAuroc(s, y);
      aurocs.push(a);
      perLabelAuroc.push(a);
      auprcs.push(computeAveragePrecision(s, y));
    } catch (e) {
      if (undefinedReason(e) === null) throw e;
      perLabelAuroc.push(null);
    }
  }
  const mean = (a: number[]): number | null => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : null);
  return { macroAuroc: mean(aurocs), macroAuprc: mean(auprcs), perLabelAuroc, definedLabels: aurocs.length };
}
