/** Maps the OOD section of a stored `hilum eval` report (report.ood.sets[].detectors) onto ood.report. */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { estimateView, readEvaluationReport } from './readEvaluationReport';

type Ood = ResponseOf<'ood.report'>;
const notes = [
  'Score histograms are drawn from the stored per-image logits (energy, max-logit, max-probability; validation.charts) when the evaluation has them. Mahalanobis and ODIN scores per image are not stored, so those detectors have AUROC and FPR at 95 % TPR with their intervals, without a histogram.',
];

export function toOodReport(evaluationId: string, document: unknown): Ood {
  const ood = readEvaluationReport(evaluationId, document).ood;
  if (ood === null)
    return {
      reason: 'this evaluation has no OOD section (it is a `hilum metrics` report, not a `hilum eval` report)',
      inDistribution: null,
      sets: [],
      definitions: {},
      notes: [],
    };
  return {
    reason: null,
    inDistribution: ood.inDistribution ?? null,
    sets: ood.sets.map((set) => ({
      name: set.name,
      source: set.source,
      cases: set.cases,
      rejected: set.rejected ?? null,
      detectors: Object.entries(set.detectors).map(([detector, result]) => ({
        detector,
        idCases: result.idCases,
        oodCases: result.oodCases,
        auroc: estimateView(result.auroc),
        fprAt95Tpr: estimateView(result.fprAt95Tpr),
        thresholdAt95Tpr: result.thresholdAt95Tpr ?? null,
      })),
    })),
    definitions: ood.definitions ?? {},
    notes,
  };
}
