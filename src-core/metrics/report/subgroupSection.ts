/** The subgroup part of the metrics report: per group and intersection, macro and per-label AUROC, sensitivity, underdiagnosis, with gaps. */
import { forEachResample, type BootstrapOptions } from '../bootstrap/bootstrapCi';
import { aurocFromRanking } from '../discrimination/aurocFromRanking';
import { prepareRanking } from '../discrimination/prepareRanking';
import { analyzeSubgroups, summarizeSubgroups, type SubgroupEstimate, type SubgroupGap } from '../subgroups/analyzeSubgroups';
import { buildSubgroups, type Subgroup } from '../subgroups/buildSubgroups';
import { sensitivityStatistic } from '../subgroups/sensitivityStatistic';
import { underdiagnosisStatistic } from '../subgroups/underdiagnosisStatistic';
import type { LabelColumns } from '../types';
import { jsonEstimate, type JsonEstimate } from './jsonEstimate';

type GroupRow = { attribute: string; group: string; cases: number; positives?: number } & JsonEstimate;
type GapRow = { attribute: string; best: string; worst: string; groupsCompared: number } & JsonEstimate;
interface Table {
  groups: GroupRow[];
  gaps: GapRow[];
}

export interface SubgroupReport {
  attributes: string[];
  thresholds: number[];
  /** Mean over the labels defined in the group (labels without positives or negatives there are left out). */
  macroAuroc: Table;
  underdiagnosisRate: Table;
  perLabel: Record<string, { auroc: Table; sensitivity: Table }>;
}

/**
 * Per-label AUROC of every group is computed once per resample and reused for the group's macro, so
 * per-label tables cost nothing extra. Sensitivity uses the report's threshold on probabilities.
 */
export function subgroupSection(
  labelNames: readonly string[],
  scores: LabelColumns,
  probabilities: LabelColumns,
  labels: LabelColumns,
  attributes: Record<string, string[]>,
  thresholds: number[],
  options: BootstrapOptions,
): SubgroupReport {
  const n = labels[0]!.length;
  const L = labels.length;
  const R = options.resamples;
  const subgroups = buildSubgroups(attributes);
  const rankings = subgroups.map((g) => scores.map((s, l) => prepareRanking(s, labels[l]!, g.members)));
  const sensitivity = subgroups.map((g) => probabilities.map((p, l) => sensitivityStatistic(p, labels[l]!, thresholds[l]!, g.members)));
  const ones = new Float64Array(n).fill(1);
  const aurocPoints = rankings.map((rs) => rs.map((r) => aurocFromRanking(r, ones)));
  const sensitivityPoints = sensitivity.map((ss) => ss.map((s) => s(ones)));
  const used = aurocPoints.map((ps) => ps.map((p, l) => (Number.isNaN(p) ? -1 : l)).filter((l) => l >= 0));
  const macroPoints = aurocPoints.map((ps, g) => meanOf(used[g]!.map((l) => ps[l]!)));
  const aurocDraws = labelNames.map(() => subgroups.map(() => new Float64Array(R)));
  const sensitivityDraws = labelNames.map(() => subgroups.map(() => new Float64Array(R)));
  const macroDraws = subgroups.map(() => new Float64Array(R));
  forEachResample(n, options, (w, r) => {
    subgroups.forEach((_, g) => {
      let sum = 0;
      for (let l = 0; l < L; l++) {
        const v = aurocFromRanking(rankings[g]![l]!, w);
        aurocDraws[l]![g]![r] = v;
        sensitivityDraws[l]![g]![r] = sensitivity[g]![l]!(w);
      }
      for (const l of used[g]!) sum += aurocDraws[l]![g]![r]!;
      macroDraws[g]![r] = used[g]!.length > 0 ? sum / used[g]!.length : NaN;
    });
  });
  const under = analyzeSubgroups(n, subgroups, (m) => underdiagnosisStatistic(probabilities, labels, thresholds, m), {
    ...options,
    higherIsBetter: false,
  });
  const positivesIn = (g: Subgroup, l: number): number => {
    let count = 0;
    for (const i of g.members) if (labels[l]![i] === 1) count++;
    return count;
  };
  const perLabel = Object.fromEntries(
    labelNames.map((name, l) => {
      const withPositives = (t: Table): Table => ({
        groups: t.groups.map((row, g) => ({ ...row, positives: positivesIn(subgroups[g]!, l) })),
        gaps: t.gaps,
      });
      return [
        name,
        {
          auroc: withPositives(
            table(
              summarizeSubgroups(
                subgroups,
                aurocPoints.map((ps) => ps[l]!),
                aurocDraws[l]!,
                true,
              ),
            ),
          ),
          sensitivity: withPositives(
            table(
              summarizeSubgroups(
                subgroups,
                sensitivityPoints.map((ps) => ps[l]!),
                sensitivityDraws[l]!,
                true,
              ),
            ),
          ),
        },
      ];
    }),
  );
  return {
    attributes: Object.keys(attributes),
    thresholds,
    macroAuroc: table(summarizeSubgroups(subgroups, macroPoints, macroDraws, true)),
    underdiagnosisRate: table(under),
    perLabel,
  };
}

function meanOf(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function table(result: { groups: SubgroupEstimate[]; gaps: SubgroupGap[] }): Table {
  return {
    groups: result.groups.map((g) => ({ attribute: g.attribute, group: g.group, cases: g.cases, ...jsonEstimate(g) })),
    gaps: result.gaps.map((g) => ({
      attribute: g.attribute,
      best: g.best,
      worst: g.worst,
      groupsCompared: g.groupsCompared,
      ...jsonEstimate(g),
    })),
  };
}
