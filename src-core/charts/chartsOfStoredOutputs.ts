/**
 * The per-case figures of one stored evaluation (the `evaluation.charts` job, run in a worker): per label, ROC and PR
 * curves with bootstrap bands, the reliability diagram after temperature scaling, and the most confident false
 * positives (negatives with the highest probability at or above the threshold) and false negatives (positives with
 * the lowest probability below it). OOD histograms are drawn from the report's stored scores (oodHistogramsOfScores).
 */
import type { ParamsOf, ResultOf } from '../contracts/jobs';
import { computeCalibration } from '../metrics/calibration/computeCalibration';
import { sigmoid } from '../metrics/math/sigmoid';
import { curveBands } from './curveBands';

type Params = ParamsOf<'evaluation.charts'>;
type Result = ResultOf<'evaluation.charts'>;

function confidentErrors(logits: readonly number[], y: Float64Array, threshold: number, top: number) {
  const p = (i: number) => sigmoid(logits[i]!);
  const cases = [...y.keys()];
  const falsePositives = cases.filter((i) => y[i] === 0 && logits[i]! >= threshold).sort((a, b) => logits[b]! - logits[a]!);
  const falseNegatives = cases.filter((i) => y[i] === 1 && logits[i]! < threshold).sort((a, b) => logits[a]! - logits[b]!);
  const ranked = (list: number[]) => list.slice(0, top).map((index) => ({ index, probability: p(index) }));
  return { falsePositives: ranked(falsePositives), falseNegatives: ranked(falseNegatives) };
}

function reliabilityAfter(logits: readonly number[], y: Float64Array, temperature: number | null, bins: number) {
  if (temperature === null || !(temperature > 0)) return null;
  const p = Float64Array.from(logits, (z) => sigmoid(z / temperature));
  try {
    const c = computeCalibration(p, y, { bins, strategy: 'equalWidth' });
    return {
      temperature,
      ece: c.ece,
      bins: c.bins
        .filter((b) => b.count > 0)
        .map(({ meanConfidence, observedFrequency, count }) => ({ meanConfidence, observedFrequency, count })),
    };
  } catch {
    // No known case for this label: no diagram after scaling either (the report says why for the one before).
    return null;
  }
}

export function chartsOfStoredOutputs(params: Params, onStep: (message: string) => void = () => {}): Result {
  const labels = params.labels.map((label, l) => {
    onStep(`curves and bands for ${label.name} (${l + 1}/${params.labels.length})`);
    const y = Float64Array.from(label.targets, (t) => (t === null ? Number.NaN : t));
    const bands = curveBands(label.logits, y, {
      resamples: params.resamples,
      seed: params.seed + l,
      ...(params.clusters ? { clusters: params.clusters } : {}),
    });
    return {
      name: label.name,
      ...bands,
      reliabilityAfter: reliabilityAfter(label.logits, y, label.temperature, params.reliabilityBins),
      ...confidentErrors(label.logits, y, label.threshold ?? 0, params.topErrors),
    };
  });
  return { labels };
}
