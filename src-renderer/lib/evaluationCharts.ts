/** The pages' chart models from channel answers, through the shared builders in src-core/charts (the PDF draws from the same). */
import { forestPlotModel, type ForestPlotModel } from '../../src-core/charts/forestPlotModel';
import { subgroupForestModel } from '../../src-core/charts/subgroupForestModel';
import { reliabilityModel, type ReliabilityModel, type ReliabilitySeries } from '../../src-core/charts/reliabilityModel';
import type { ResponseOf } from '../../src-core/contracts/bridge';

type Validation = ResponseOf<'validation.report'>;
type Fairness = ResponseOf<'fairness.report'>;
type SubgroupTable = NonNullable<Fairness['macroAuroc']>;
type LabelValidation = Validation['labels'][number];

/** AUROC (or AUPRC) per label with its 95 % CI, the macro average as the reference line. */
export function labelForestModel(report: Validation, key: 'auroc' | 'auprc'): ForestPlotModel {
  const name = key === 'auroc' ? 'AUROC' : 'AUPRC';
  const macro = key === 'auroc' ? report.macroAuroc : report.macroAuprc;
  return forestPlotModel({
    title: `${name} per label`,
    metric: name,
    // Per label the count that matters is positives (a small-group flag on cases would flag every label of a small set).
    rows: report.labels.map((l) => ({
      label: `${l.label} (${l.positives} pos.)`,
      value: l[key].value,
      lower: l[key].low,
      upper: l[key].high,
      reason: l[key].reason,
    })),
    reference: macro.value === null ? null : { name: `macro ${name}`, value: macro.value },
  });
}

/** A fairness table through the shared subgroup forest model (the model card draws the same). */
export function fairnessForestModel(table: SubgroupTable, title: string, metric: string, overall: number | null, gapLimit: number | null) {
  return subgroupForestModel({
    title,
    metric,
    groups: table.groups.map((g) => ({
      attribute: g.attribute,
      group: g.group,
      cases: g.cases,
      value: g.estimate.value,
      lower: g.estimate.low,
      upper: g.estimate.high,
      reason: g.estimate.reason,
      undefinedResamples: g.undefinedResamples,
    })),
    gaps: table.gaps.map((g) => ({ attribute: g.attribute, worst: g.worst, value: g.estimate.value })),
    overall,
    gapLimit,
  });
}

/** The stored equal-width bins (before scaling), plus the bins after temperature scaling when they were computed. */
export function labelReliabilityModel(label: LabelValidation, after: ReliabilitySeries | null = null): ReliabilityModel {
  const before: ReliabilitySeries = {
    name: 'before scaling',
    ece: label.eceBefore,
    bins: label.reliability.map((b) => ({ meanConfidence: b.meanPredicted, observedFrequency: b.observed, count: b.count })),
  };
  return reliabilityModel(after ? label.label : `${label.label}, before scaling`, after ? [before, after] : [before]);
}
