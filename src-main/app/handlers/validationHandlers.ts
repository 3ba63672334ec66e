/** validation.*, fairness.* and ood.* handlers over stored evaluation reports (governance model_metrics, kind "evaluation"). */
import { and, desc, eq } from 'drizzle-orm';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import { getModel } from '../../governance/modelRegistry';
import { modelMetrics, models } from '../../store/schema';
import type { AppCallContext, AppServices } from '../AppServices';
import { toFairnessReport } from '../validation/toFairnessReport';
import { toOodReport } from '../validation/toOodReport';
import { toValidationReport } from '../validation/toValidationReport';

type Names = 'validation.list' | 'validation.report' | 'fairness.report' | 'ood.report';
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
    'fairness.report': ({ evaluationId, label }) => toFairnessReport(evaluationId, loadEvaluation(services, evaluationId).document, label),
    'ood.report': ({ evaluationId }) => toOodReport(evaluationId, loadEvaluation(services, evaluationId).document),
  };
}
