/**
 * Copies a stored `hilum eval` report (table `evaluations`) into a draft model's metrics, kind
 * `evaluation`, only when it was computed by this model's bundle (same bundle hash): what is gated
 * and signed is what was validated.
 */
import { eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import { evaluations } from '../store/schema/evaluation';
import { getModel, recordModelMetrics, type ModelMetricsRow } from './modelRegistry';
import type { User } from './userAccounts';

export function recordEvaluationMetrics(store: Store, by: User, modelId: string, evaluationId: number, dataset?: string): ModelMetricsRow {
  const evaluation = store.db.select().from(evaluations).where(eq(evaluations.id, evaluationId)).get();
  if (!evaluation) throw new HilumError('NOT_FOUND', `no stored evaluation #${evaluationId}`, { evaluationId });
  const model = getModel(store, modelId);
  if (evaluation.modelKind !== 'bundle' || evaluation.modelHash !== model.bundleHash) {
    throw new HilumError(
      'CONFLICT',
      `evaluation #${evaluationId} was computed by ${evaluation.modelKind} ${evaluation.modelHash}, not by the bundle of ${model.name} ${model.version} (${model.bundleHash})`,
      { evaluationId, modelId, evaluatedHash: evaluation.modelHash, bundleHash: model.bundleHash },
    );
  }
  let report: unknown;
  try {
    report = JSON.parse(evaluation.reportJson);
  } catch (error) {
    throw new HilumError('BUG', `evaluation #${evaluationId}: stored report is not JSON`, { evaluationId }, { cause: error });
  }
  const reportedHash = (report as { model?: { hash?: unknown } } | null)?.model?.hash;
  if (reportedHash !== undefined && reportedHash !== model.bundleHash) {
    throw new HilumError(
      'CONFLICT',
      `evaluation #${evaluationId}: its report names model hash ${String(reportedHash)}, not ${model.bundleHash}`,
      { evaluationId, modelId },
    );
  }
  return recordModelMetrics(store, by, modelId, 'evaluation', report, dataset ?? evaluation.split);
}
