/** Percentile bootstrap CI for any statistic expressed over case weights (resample counts), case or cluster resampling. */
import { HilumError } from '../../errors';
import { createRng } from '../../random/createRng';
import { createResamplePlan, drawResampleCounts } from './createResamplePlan';
import { percentileOfSorted } from './percentileOfSorted';

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Cluster (patient) id per case: resample clusters, not images. */
  clusters?: ArrayLike<string | number>;
}

/**
 * A statistic receives one weight per case (1 for the point estimate, the resample count otherwise)
 * and returns a number, NaN when undefined in that resample.
 */
export type WeightedStatistic = (weights: Float64Array) => number;

export interface BootstrapResult {
  /** Point estimate on the original cases. */
  value: number;
  ci95: [number, number];
  resamples: number;
  /** Resamples where the statistic was NaN (excluded from the percentiles). */
  undefinedResamples: number;
  reason?: string;
}

/**
 * Computes several statistics on the *same* resamples (so a macro and its labels, or two models, see
 * the same cases). Resamples where a statistic is NaN are dropped for that statistic and counted; if
 * more than half are undefined the interval is reported as undefined rather than a biased one.
 */
export function bootstrapMany(caseCount: number, statistics: WeightedStatistic[], options: BootstrapOptions): BootstrapResult[] {
  validate(caseCount, options);
  const ones = new Float64Array(caseCount).fill(1);
  const points = statistics.map((s) => s(ones));
  const draws = statistics.map(() => new Float64Array(options.resamples));
  forEachResample(caseCount, options, (counts, r) => {
    for (let s = 0; s < statistics.length; s++) draws[s]![r] = statistics[s]!(counts);
  });
  return points.map((value, s) => summarize(value, draws[s]!));
}

export function bootstrapCi(caseCount: number, statistic: WeightedStatistic, options: BootstrapOptions): BootstrapResult {
  return bootstrapMany(caseCount, [statistic], options)[0]!;
}

/** Runs `visit(counts, r)` for each resample r; `counts` is reused between calls. */
export function forEachResample(caseCount: number, options: BootstrapOptions, visit: (counts: Float64Array, r: number) => void): void {
  validate(caseCount, options);
  const plan = createResamplePlan(caseCount, options.clusters);
  const rng = createRng(options.seed);
  const counts = new Float64Array(caseCount);
  const scratch = new Float64Array(plan.clusterCount);
  for (let r = 0; r < options.resamples; r++) {
    drawResampleCounts(plan, rng, counts, scratch);
    visit(counts, r);
  }
}

export function summarize(value: number, draws: Float64Array): BootstrapResult {
  const finite = draws.filter((v) => !Number.isNaN(v)).sort();
  const undefinedResamples = draws.length - finite.length;
  const result: BootstrapResult = { value, ci95: [NaN, NaN], resamples: draws.length, undefinedResamples };
  if (Number.isNaN(value)) result.reason = 'the statistic is undefined on the original cases';
  else if (finite.length * 2 < draws.length) result.reason = `undefined in ${undefinedResamples} of ${draws.length} resamples`;
  else result.ci95 = [percentileOfSorted(finite, 0.025), percentileOfSorted(finite, 0.975)];
  return result;
}

function validate(caseCount: number, options: BootstrapOptions): void {
  if (caseCount === 0) throw new HilumError('METRIC_UNDEFINED', 'bootstrap needs at least one case', { reason: 'empty input' });
  if (!Number.isInteger(options.resamples) || options.resamples < 1) {
    throw new HilumError('INVALID_ARGUMENT', `resamples must be a positive integer, got ${options.resamples}`);
  }
  if (!Number.isInteger(options.seed)) throw new HilumError('INVALID_ARGUMENT', `seed must be an integer, got ${options.seed}`);
}
