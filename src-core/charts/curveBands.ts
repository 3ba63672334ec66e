/**
 * ROC and precision–recall curves of one label on a fixed grid, with pointwise 95 % bootstrap bands
 * (percentile; patients resampled whole when cluster ids are given, as the report's intervals are).
 * ROC: TPR at each FPR grid value (vertical averaging, Fawcett 2006: the highest TPR reached at FPR ≤ x);
 * PR: interpolated precision at each recall grid value (the highest precision at recall ≥ r, Davis &
 * Goadrich 2006). A resample without positives or negatives has no curve and is skipped; the count is returned.
 */
import { createResamplePlan, drawResampleCounts } from '../metrics/bootstrap/createResamplePlan';
import { percentileOfSorted } from '../metrics/bootstrap/percentileOfSorted';
import { createRng } from '../random/createRng';
import { r4 } from './chartTheme';

export interface CurveBand {
  grid: number[];
  value: number[];
  /** null where every resample was skipped. */
  lower: Array<number | null>;
  upper: Array<number | null>;
}

export interface LabelCurveBands {
  positives: number;
  negatives: number;
  roc: CurveBand;
  pr: CurveBand;
  resamples: number;
  /** Resamples with no positive or no negative case (no curve). */
  skippedResamples: number;
}

export interface CurveBandOptions {
  resamples: number;
  seed: number;
  clusters?: ArrayLike<string | number>;
  gridPoints?: number;
}

/** Weighted curves: `weight[i]` is how often case i is in the sample (1 for the full sample). */
function curvesOnGrid(order: Int32Array, scores: Float64Array, y: Uint8Array, weight: Float64Array, grid: number[]) {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < y.length; i++) y[i] ? (positives += weight[i]!) : (negatives += weight[i]!);
  if (positives === 0 || negatives === 0) return null;
  const tpr = new Array<number>(grid.length).fill(0);
  const precisionAt = new Array<number>(grid.length).fill(0);
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (weight[i] === 0) continue;
    y[i] ? (tp += weight[i]!) : (fp += weight[i]!);
    const next = order[k + 1];
    // Tied scores form one step: only a vertex after the last case of a tie counts.
    if (next !== undefined && scores[next] === scores[i]) continue;
    const f = fp / negatives;
    const t = tp / positives;
    const p = tp / (tp + fp);
    for (let g = 0; g < grid.length; g++) {
      if (f <= grid[g]! && t > tpr[g]!) tpr[g] = t;
      if (t >= grid[g]! && p > precisionAt[g]!) precisionAt[g] = p;
    }
  }
  return { tpr, precision: precisionAt };
}

export function curveBands(scores: ArrayLike<number>, labels: ArrayLike<number>, options: CurveBandOptions): LabelCurveBands {
  const keep: number[] = [];
  for (let i = 0; i < labels.length; i++) if (!Number.isNaN(labels[i]!) && Number.isFinite(scores[i]!)) keep.push(i);
  const s = Float64Array.from(keep, (i) => scores[i]!);
  const y = Uint8Array.from(keep, (i) => (labels[i] === 1 ? 1 : 0));
  const order = Int32Array.from(keep.map((_, k) => k)).sort((a, b) => s[b]! - s[a]!);
  const points = options.gridPoints ?? 101;
  const grid = Array.from({ length: points }, (_, g) => g / (points - 1));
  const full = curvesOnGrid(order, s, y, new Float64Array(s.length).fill(1), grid);
  const positives = y.reduce((a, v) => a + v, 0);
  const negatives = y.length - positives;
  const empty = { grid: grid.map(r4), value: [], lower: [], upper: [] };
  if (!full) return { positives, negatives, roc: empty, pr: empty, resamples: 0, skippedResamples: 0 };

  const clusters = options.clusters ? keep.map((i) => options.clusters![i]!) : undefined;
  const plan = createResamplePlan(s.length, clusters);
  const rng = createRng(options.seed);
  const counts = new Float64Array(s.length);
  const scratch = new Float64Array(plan.clusterCount);
  const rocDraws: number[][] = grid.map(() => []);
  const prDraws: number[][] = grid.map(() => []);
  let skipped = 0;
  for (let b = 0; b < options.resamples; b++) {
    drawResampleCounts(plan, rng, counts, scratch);
    const curve = curvesOnGrid(order, s, y, counts, grid);
    if (!curve) {
      skipped++;
      continue;
    }
    for (let g = 0; g < grid.length; g++) {
      rocDraws[g]!.push(curve.tpr[g]!);
      prDraws[g]!.push(curve.precision[g]!);
    }
  }
  const band = (value: number[], draws: number[][]): CurveBand => {
    const sorted = draws.map((d) => Float64Array.from(d).sort());
    return {
      grid: grid.map(r4),
      value: value.map(r4),
      lower: sorted.map((d) => (d.length ? r4(percentileOfSorted(d, 0.025)) : null)),
      upper: sorted.map((d) => (d.length ? r4(percentileOfSorted(d, 0.975)) : null)),
    };
  };
  return {
    positives,
    negatives,
    roc: band(full.tpr, rocDraws),
    pr: band(full.precision, prDraws),
    resamples: options.resamples,
    skippedResamples: skipped,
  };
}
