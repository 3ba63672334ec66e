/**
 * A subgroup table (one metric by attribute and group, with gaps) as a forest plot model, the same for the app and
 * the model card: single attributes only (intersections stay in the full tables: a plot of every pair is
 * unreadable), the overall estimate as the reference line, and the worst group of each attribute whose gap
 * (best − worst) exceeds the release policy's limit flagged.
 */
import { forestPlotModel, type ForestPlotModel } from './forestPlotModel';

export interface SubgroupGroupLike {
  attribute: string;
  group: string;
  cases: number | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  reason?: string | null;
  undefinedResamples?: number;
}

export interface SubgroupGapLike {
  attribute: string;
  worst: string;
  value: number | null;
}

export interface SubgroupForestInput {
  title: string;
  metric: string;
  groups: readonly SubgroupGroupLike[];
  gaps?: readonly SubgroupGapLike[];
  overall?: number | null;
  gapLimit?: number | null;
}

export function subgroupForestModel(input: SubgroupForestInput): ForestPlotModel {
  const limit = input.gapLimit ?? null;
  const over = new Set(
    (input.gaps ?? []).filter((g) => limit !== null && g.value !== null && g.value > limit).map((g) => `${g.attribute}/${g.worst}`),
  );
  return forestPlotModel({
    title: input.title,
    metric: input.metric,
    rows: input.groups
      .filter((g) => !g.attribute.includes('×'))
      .map((g) => ({
        label: `${g.attribute}: ${g.group}`,
        value: g.value,
        lower: g.lower,
        upper: g.upper,
        cases: g.cases,
        reason: g.reason ?? null,
        ...(g.undefinedResamples ? { undefinedResamples: g.undefinedResamples } : {}),
        overLimit: over.has(`${g.attribute}/${g.group}`),
      })),
    reference: input.overall === null || input.overall === undefined ? null : { name: 'overall', value: input.overall },
    gapLimit: limit,
  });
}
