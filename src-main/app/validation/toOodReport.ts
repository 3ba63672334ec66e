/** Maps the OOD section of a stored `hilum eval` report (report.ood.sets[].detectors) onto ood.report, less the histograms (loadOodReport). */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import type { OodSectionJson } from '../../../src-core/contracts/evaluationReport';
import { estimateView, readEvaluationReport } from './readEvaluationReport';

export type OodReport = ResponseOf<'ood.report'>;
type OodTables = Omit<OodReport, 'histograms' | 'histogramsNote'>;

export function toOodReport(evaluationId: string, document: unknown): { tables: OodTables; ood: OodSectionJson | null } {
  const ood = readEvaluationReport(evaluationId, document).ood;
  if (ood === null)
    return {
      ood,
      tables: {
        reason: 'this evaluation has no OOD section (it is a `hilum metrics` report, not a `hilum eval` report)',
        inDistribution: null,
        sets: [],
        definitions: {},
        operatingThresholdsSource: null,
        notes: [],
      },
    };
  return {
    ood,
    tables: {
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
      operatingThresholdsSource: ood.operatingThresholds?.source ?? null,
      notes: [],
    },
  };
}
