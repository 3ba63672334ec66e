/**
 * The `evaluation.oodHistograms` job: per OOD detector, histograms of its stored per-image scores on every set over
 * shared bins (oodHistogramModel), and for each threshold drawn on it the fraction of each set it flags.
 */
import type { ParamsOf, ResultOf } from '../contracts/jobs';
import { oodHistogramModel } from './oodHistogramModel';

type Params = ParamsOf<'evaluation.oodHistograms'>;
type Result = ResultOf<'evaluation.oodHistograms'>;

/** Finite scores only: a null (non-finite) score has no bin and is not counted as flagged or not. */
function finite(scores: ReadonlyArray<number | null>): Float64Array {
  return Float64Array.from(scores.filter((v): v is number => v !== null && Number.isFinite(v)));
}

function fractionFlagged(scores: Float64Array, value: number, inclusive: boolean): number | null {
  if (scores.length === 0) return null;
  let flagged = 0;
  for (const v of scores) if (inclusive ? v >= value : v > value) flagged++;
  return flagged / scores.length;
}

export function oodHistogramsOfScores(params: Params): Result {
  return {
    histograms: params.detectors.map((d) => {
      const sets = d.sets.map((s) => ({ name: s.name, scores: finite(s.scores) }));
      return {
        ...oodHistogramModel(d.detector, sets),
        thresholds: d.thresholds.map((t) => ({
          ...t,
          flagged: sets.map((s) => ({ set: s.name, cases: s.scores.length, fraction: fractionFlagged(s.scores, t.value, t.inclusive) })),
        })),
      };
    }),
  };
}
