/** Any weighted metric per subgroup with bootstrap CIs, and per attribute the best–worst gap with its CI. */
import { forEachResample, summarize, type BootstrapOptions, type BootstrapResult, type WeightedStatistic } from '../bootstrap/bootstrapCi';
import type { Subgroup } from './buildSubgroups';

export interface SubgroupEstimate extends BootstrapResult {
  attribute: string;
  group: string;
  cases: number;
}

export interface SubgroupGap extends BootstrapResult {
  attribute: string;
  best: string;
  worst: string;
  /** Groups with an undefined point estimate are left out of the gap. */
  groupsCompared: number;
}

/**
 * `makeStatistic(members)` builds the metric restricted to a group's cases (so its cost scales with
 * the group, not the data set); it receives whole-data-set weights. All groups see the same
 * resamples. `higherIsBetter` picks the best group.
 */
export function analyzeSubgroups(
  caseCount: number,
  subgroups: readonly Subgroup[],
  makeStatistic: (members: Int32Array) => WeightedStatistic,
  options: BootstrapOptions & { higherIsBetter: boolean },
): { groups: SubgroupEstimate[]; gaps: SubgroupGap[] } {
  const statistics = subgroups.map((g) => makeStatistic(g.members));
  const ones = new Float64Array(caseCount).fill(1);
  const points = statistics.map((s) => s(ones));
  const draws = statistics.map(() => new Float64Array(options.resamples));
  forEachResample(caseCount, options, (counts, r) => {
    for (let k = 0; k < statistics.length; k++) draws[k]![r] = statistics[k]!(counts);
  });
  return summarizeSubgroups(subgroups, points, draws, options.higherIsBetter);
}

/**
 * Per-group intervals and per-attribute gaps from point estimates and per-resample draws (draws[k][r]
 * for group k, all groups drawn on the same resamples). A gap's resampled value is max − min over
 * that attribute's groups in one resample — NaN, and counted as undefined, if any compared group is
 * undefined there.
 */
export function summarizeSubgroups(
  subgroups: readonly Subgroup[],
  points: readonly number[],
  draws: readonly Float64Array[],
  higherIsBetter: boolean,
): { groups: SubgroupEstimate[]; gaps: SubgroupGap[] } {
  const resamples = draws[0]?.length ?? 0;
  const groups = subgroups.map((g, k) => ({
    attribute: g.attribute,
    group: g.value,
    cases: g.members.length,
    ...summarize(points[k]!, draws[k]!),
  }));
  const attributes = [...new Set(subgroups.map((g) => g.attribute))];
  const better = (x: number, y: number): boolean => (higherIsBetter ? x > y : x < y);
  const gaps = attributes.map((attribute) => {
    const ks = subgroups.map((g, k) => (g.attribute === attribute && !Number.isNaN(points[k]!) ? k : -1)).filter((k) => k >= 0);
    let best = -1;
    let worst = -1;
    for (const k of ks) {
      if (best < 0 || better(points[k]!, points[best]!)) best = k;
      if (worst < 0 || better(points[worst]!, points[k]!)) worst = k;
    }
    const gapDraws = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) gapDraws[r] = spread(ks.map((k) => draws[k]![r]!));
    const result = summarize(ks.length >= 2 ? spread(ks.map((k) => points[k]!)) : NaN, gapDraws);
    if (ks.length < 2) result.reason = 'fewer than two groups with a defined value';
    return {
      attribute,
      best: best >= 0 ? subgroups[best]!.value : '',
      worst: worst >= 0 ? subgroups[worst]!.value : '',
      groupsCompared: ks.length,
      ...result,
    };
  });
  return { groups, gaps };
}

function spread(values: number[]): number {
  if (values.length < 2) return NaN;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min;
}
