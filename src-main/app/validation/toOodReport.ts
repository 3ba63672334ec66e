/** Maps the OOD section of a stored `hilum eval` report (report.ood.sets[].detectors) onto ood.report. */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { EvaluationReader } from './readEvaluationReport';

type Ood = ResponseOf<'ood.report'>;
const notes = [
  'Per-image OOD scores are not part of the stored report, so score histograms are not shown: AUROC and FPR at 95 % TPR are, with their bootstrap intervals.',
];

export function toOodReport(evaluationId: string, document: unknown): Ood {
  const r = new EvaluationReader(evaluationId);
  const doc = r.object(document, 'report');
  if (doc.ood === undefined)
    return {
      reason: 'this evaluation has no OOD section (it is a `hilum metrics` report, not a `hilum eval` report)',
      inDistribution: null,
      sets: [],
      definitions: {},
      notes: [],
    };
  const ood = r.object(doc.ood, 'ood');
  const definitions = ood.definitions === undefined ? {} : r.object(ood.definitions, 'ood.definitions');
  return {
    reason: null,
    inDistribution: typeof ood.inDistribution === 'string' ? ood.inDistribution : null,
    sets: r.array(ood.sets, 'ood.sets').map((value, i) => {
      const set = r.object(value, `ood.sets[${i}]`);
      const detectors = r.object(set.detectors, `ood.sets[${i}].detectors`);
      return {
        name: r.string(set.name, `ood.sets[${i}].name`),
        source: r.string(set.source, `ood.sets[${i}].source`),
        cases: r.number(set.cases, `ood.sets[${i}].cases`),
        rejected: r.numberOrNull(set.rejected, `ood.sets[${i}].rejected`),
        detectors: Object.entries(detectors).map(([detector, d]) => {
          const path = `ood.sets[${i}].detectors.${detector}`;
          const result = r.object(d, path);
          return {
            detector,
            idCases: r.number(result.idCases, `${path}.idCases`),
            oodCases: r.number(result.oodCases, `${path}.oodCases`),
            auroc: r.estimate(result.auroc, `${path}.auroc`),
            fprAt95Tpr: r.estimate(result.fprAt95Tpr, `${path}.fprAt95Tpr`),
            thresholdAt95Tpr: r.numberOrNull(result.thresholdAt95Tpr, `${path}.thresholdAt95Tpr`),
          };
        }),
      };
    }),
    definitions: Object.fromEntries(Object.entries(definitions).map(([k, v]) => [k, String(v)])),
    notes,
  };
}
