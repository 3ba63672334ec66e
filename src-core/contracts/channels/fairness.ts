/** Fairness channels: subgroup tables with CIs, gaps between best and worst group, underdiagnosis, per label. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { id } from './common';
import { estimate } from './validation';

export const subgroupRow = s.object({
  attribute: s.string(),
  group: s.string(),
  cases: s.number(),
  positives: s.nullable(s.number()),
  estimate,
  /** Bootstrap resamples in which the metric was undefined for this group (its CI rests on fewer). */
  undefinedResamples: s.number(),
});
export const gapRow = s.object({ attribute: s.string(), best: s.string(), worst: s.string(), groupsCompared: s.number(), estimate });
export const subgroupTable = s.object({ groups: s.array(subgroupRow), gaps: s.array(gapRow) });

export const fairnessChannels = {
  'fairness.report': defineChannel(
    'Subgroup macro-AUROC and underdiagnosis with CIs and gaps; per-label AUROC and sensitivity when a label is named',
    s.object({ evaluationId: id, label: s.optional(s.string()) }),
    s.object({
      labels: s.array(s.string()),
      attributes: s.array(s.string()),
      /** Set when the evaluation was computed without subgroup attributes. */
      reason: s.nullable(s.string()),
      macroAuroc: s.nullable(subgroupTable),
      underdiagnosis: s.nullable(subgroupTable),
      label: s.nullable(s.object({ name: s.string(), auroc: subgroupTable, sensitivity: subgroupTable })),
      /** Whole-set estimates, the forest plots' reference lines (null where the report has none). */
      overall: s.object({ macroAuroc: s.nullable(s.number()) }),
      /** Gap limits from the model's release policy gate spec (`table`: macroAuroc | underdiagnosisRate). */
      gapLimits: s.array(s.object({ table: s.string(), value: s.number(), gate: s.string(), spec: s.string() })),
    }),
  ),
} as const;
