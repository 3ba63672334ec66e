/** The selective-prediction part of the metrics report: coverage–risk curve, AURC, operating points. */
import { tryMetric } from '../discrimination/summarizeDiscrimination';
import { coverageRiskCurve, selectOperatingPoint } from '../selective/coverageRiskCurve';
import { multilabelSelectiveInputs } from '../selective/multilabelSelectiveInputs';
import type { LabelColumns } from '../types';
import { jsonEstimate } from './jsonEstimate';

export function selectiveSection(probabilities: LabelColumns, labels: LabelColumns, thresholds: number[]) {
  const { confidence, loss } = multilabelSelectiveInputs(probabilities, labels, thresholds);
  const keep: number[] = [];
  for (let i = 0; i < loss.length; i++) if (!Number.isNaN(loss[i]!)) keep.push(i);
  const base = {
    confidence: 'min over labels of the distance of p from its threshold, scaled to [0, 1]',
    loss: 'fraction of the case’s known labels misclassified at the thresholds',
    thresholds,
    casesWithoutKnownLabels: loss.length - keep.length,
  };
  if (keep.length === 0) return { ...base, reason: 'no case has a known label' };
  const curve = coverageRiskCurve(
    Float64Array.from(keep, (i) => confidence[i]!),
    Float64Array.from(keep, (i) => loss[i]!),
  );
  // Keep the JSON small: at most ~100 points, always including full coverage.
  const stride = Math.max(1, Math.ceil(curve.points.length / 100));
  const points = curve.points.filter((_, k) => k % stride === stride - 1 || k === curve.points.length - 1);
  const point = (target: { risk: number } | { coverage: number }) => {
    const found = tryMetric(() => selectOperatingPoint(curve, target).threshold);
    if (Number.isNaN(found.value)) return { target, ...jsonEstimate(found) };
    return { target, ...selectOperatingPoint(curve, target) };
  };
  return {
    ...base,
    aurc: curve.aurc,
    fullCoverageRisk: curve.points[curve.points.length - 1]!.risk,
    curve: points,
    operatingPoints: [point({ coverage: 0.9 }), point({ coverage: 0.8 }), point({ risk: 0.05 }), point({ risk: 0.1 })],
  };
}
