/** Maps the subgroup section of a stored `hilum metrics` report onto the fairness.report response. */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import { EvaluationReader, metricsReportOf } from './readEvaluationReport';

type Fairness = ResponseOf<'fairness.report'>;
type Table = NonNullable<Fairness['macroAuroc']>;

function table(r: EvaluationReader, value: unknown, path: string): Table {
  const t = r.object(value, path);
  return {
    groups: r.array(t.groups, `${path}.groups`).map((g, i) => {
      const row = r.object(g, `${path}.groups[${i}]`);
      return {
        attribute: r.string(row.attribute, 'attribute'),
        group: r.string(row.group, 'group'),
        cases: r.number(row.cases, 'cases'),
        positives: r.numberOrNull(row.positives, 'positives'),
        estimate: r.estimate(row, `${path}.groups[${i}]`),
      };
    }),
    gaps: r.array(t.gaps, `${path}.gaps`).map((g, i) => {
      const row = r.object(g, `${path}.gaps[${i}]`);
      return {
        attribute: r.string(row.attribute, 'attribute'),
        best: r.string(row.best, 'best'),
        worst: r.string(row.worst, 'worst'),
        groupsCompared: r.number(row.groupsCompared, 'groupsCompared'),
        estimate: r.estimate(row, `${path}.gaps[${i}]`),
      };
    }),
  };
}

export function toFairnessReport(evaluationId: string, document: unknown, label: string | undefined): Fairness {
  const r = new EvaluationReader(evaluationId);
  const doc = r.object(metricsReportOf(document), 'report');
  const labels = r.array(doc.labels, 'labels').map((l, i) => r.string(l, `labels[${i}]`));
  const subgroups = r.object(doc.subgroups, 'subgroups');
  if (typeof subgroups.reason === 'string')
    return { labels, attributes: [], reason: subgroups.reason, macroAuroc: null, underdiagnosis: null, label: null };
  let perLabel: Fairness['label'] = null;
  if (label !== undefined) {
    if (!labels.includes(label))
      throw new HilumError('NOT_FOUND', `evaluation ${evaluationId} has no label "${label}" (labels: ${labels.join(', ')})`, {
        evaluationId,
        label,
      });
    const entry = r.object(r.object(subgroups.perLabel, 'subgroups.perLabel')[label], `subgroups.perLabel.${label}`);
    perLabel = {
      name: label,
      auroc: table(r, entry.auroc, `subgroups.perLabel.${label}.auroc`),
      sensitivity: table(r, entry.sensitivity, `subgroups.perLabel.${label}.sensitivity`),
    };
  }
  return {
    labels,
    attributes: r.array(subgroups.attributes, 'subgroups.attributes').map((a, i) => r.string(a, `subgroups.attributes[${i}]`)),
    reason: null,
    macroAuroc: table(r, subgroups.macroAuroc, 'subgroups.macroAuroc'),
    underdiagnosis: table(r, subgroups.underdiagnosisRate, 'subgroups.underdiagnosisRate'),
    label: perLabel,
  };
}
