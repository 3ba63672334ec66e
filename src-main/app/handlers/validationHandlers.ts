/** validation.*, fairness.* and ood.* handlers over stored evaluation reports (governance model_metrics, kind "evaluation"). */
import { and, desc, eq } from 'drizzle-orm';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import { getModel } from '../../governance/modelRegistry';
import { modelMetrics, models } from '../../store/schema';
import type { AppCallContext, AppServices } from '../AppServices';
import { comparePairedEvaluations } from '../validation/comparePairedEvaluations';
import { loadCaseImages } from '../validation/loadCaseImages';
import { loadEvaluationCharts } from '../validation/loadEvaluationCharts';
import { subgroupGapLimits } from '../validation/subgroupGapLimits';
import { toFairnessReport } from '../validation/toFairnessReport';
import { loadOodReport } from '../validation/loadOodReport';
import { parseCaseStudyId, resolveCaseOriginal } from '../validation/resolveCaseOriginal';
import { toValidationReport } from '../validation/toValidationReport';

type Names =
  | 'validation.list'
  | 'validation.report'
  | 'validation.charts'
  | 'validation.compare'
  | 'validation.caseImages'
  | 'validation.caseOriginal'
  | 'validation.casePixels'
  | 'fairness.report'
  | 'ood.report';
export const evaluationKind = 'evaluation';

function loadEvaluation(services: AppServices, evaluationId: string) {
  const row = services
    .store()
    .db.select()
    .from(modelMetrics)
    .where(and(eq(modelMetrics.id, evaluationId), eq(modelMetrics.kind, evaluationKind)))
    .get();
  if (!row) throw new HilumError('NOT_FOUND', `no stored evaluation with id ${evaluationId}`, { evaluationId });
  return { row, document: JSON.parse(row.json) as unknown };
}

export function validationHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'validation.list': () => ({
      evaluations: services
        .store()
        .db.select({
          id: modelMetrics.id,
          modelId: modelMetrics.modelId,
          modelName: models.name,
          modelVersion: models.version,
          dataset: modelMetrics.dataset,
          recordedBy: modelMetrics.recordedBy,
          recordedAt: modelMetrics.recordedAt,
        })
        .from(modelMetrics)
        .innerJoin(models, eq(models.id, modelMetrics.modelId))
        .where(eq(modelMetrics.kind, evaluationKind))
        .orderBy(desc(modelMetrics.recordedAt))
        .all(),
    }),
    'validation.report': ({ evaluationId }) => {
      const { row, document } = loadEvaluation(services, evaluationId);
      getModel(services.store(), row.modelId);
      return toValidationReport(evaluationId, row.modelId, row.dataset, document);
    },
    'validation.charts': async ({ evaluationId }) => {
      const { row, document } = loadEvaluation(services, evaluationId);
      return loadEvaluationCharts(services.store(), services.host(), evaluationId, row, document);
    },
    'validation.compare': async ({ evaluationId, otherEvaluationId }) => {
      const a = loadEvaluation(services, evaluationId).row;
      const b = loadEvaluation(services, otherEvaluationId).row;
      return comparePairedEvaluations(services.store(), services.host(), a, b);
    },
    'validation.caseImages': ({ evaluationId, imageIds }) =>
      loadCaseImages(services.store(), services.host(), loadEvaluation(services, evaluationId).row, imageIds),
    'validation.caseOriginal': ({ evaluationId, imageId }) => {
      const { absolute: _absolute, ...answer } = resolveCaseOriginal(services.store(), loadEvaluation(services, evaluationId).row, imageId);
      return answer;
    },
    'validation.casePixels': async ({ studyId, fullResolution }) => {
      const { evaluationId, imageId } = parseCaseStudyId(studyId);
      const original = resolveCaseOriginal(services.store(), loadEvaluation(services, evaluationId).row, imageId);
      if (original.reason) throw new HilumError('NOT_FOUND', original.reason, { file: original.absolute });
      // Full resolution on demand only, as images.pixels serves review studies.
      return services
        .host()
        .run('evaluation.casePixels', { file: original.absolute, studyId, ...(fullResolution ? { maxDimension: 8192 } : {}) });
    },
    'fairness.report': ({ evaluationId, label }) => {
      const { row, document } = loadEvaluation(services, evaluationId);
      const gapLimits = subgroupGapLimits(services.store(), getModel(services.store(), row.modelId));
      return toFairnessReport(evaluationId, document, label, { gapLimits });
    },
    'ood.report': ({ evaluationId }) => loadOodReport(services.host(), evaluationId, loadEvaluation(services, evaluationId).document),
  };
}
