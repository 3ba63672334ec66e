/** Maps the subgroup section of a stored `hilum metrics` report onto the fairness.report response. */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import type { MetricsReportJson } from '../../../src-core/contracts/evaluationReport';
import { estimateView, readEvaluationReport } from './readEvaluationReport';

type Fairness = ResponseOf<'fairness.report'>;
type Table = NonNullable<Fairness['macroAuroc']>;

type TableJson = NonNullable<Extract<MetricsReportJson['subgroups'], { macroAuroc: unknown }>>['macroAuroc'];

function table(t: TableJson): Table {
  return {
    groups: t.groups.map((row) => ({
      attribute: row.attribute,
      group: row.group,
      cases: row.cases,
      positives: row.positives ?? null,
      estimate: estimateView(row),
      undefinedResamples: row.undefinedResamples ?? 0,
    })),
    gaps: t.gaps.map((row) => ({
      attribute: row.attribute,
      best: row.best,
      worst: row.worst,
      groupsCompared: row.groupsCompared,
      estimate: estimateView(row),
    })),
  };
}

type Extra = Pick<Fairness, 'gapLimits'>;

export function toFairnessReport(
  evaluationId: string,
  document: unknown,
  label: string | undefined,
  extra: Extra = { gapLimits: [] },
): Fairness {
  const doc = readEvaluationReport(evaluationId, document).metrics;
  const labels = doc.labels;
  const subgroups = doc.subgroups;
  if ('reason' in subgroups)
    return {
      labels,
      attributes: [],
      reason: subgroups.reason,
      macroAuroc: null,
      underdiagnosis: null,
      label: null,
      overall: { macroAuroc: null },
      ...extra,
    };
  let perLabel: Fairness['label'] = null;
  if (label !== undefined) {
    const entry = subgroups.perLabel[label];
    if (!labels.includes(label) || entry === undefined)
      throw new HilumError('NOT_FOUND', `evaluation ${evaluationId} has no label "${label}" (labels: ${labels.join(', ')})`, {
        evaluationId,
        label,
      });
    perLabel = { name: label, auroc: table(entry.auroc), sensitivity: table(entry.sensitivity) };
  }
  return {
    labels,
    attributes: subgroups.attributes,
    reason: null,
    macroAuroc: table(subgroups.macroAuroc),
    underdiagnosis: table(subgroups.underdiagnosisRate),
    label: perLabel,
    overall: { macroAuroc: doc.macro.auroc.value },
    ...extra,
  };
}
