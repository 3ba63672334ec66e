/** Gathers everything the model card shows from the store: plain data, so the renderer never queries and never fills gaps. */
import { desc, eq } from 'drizzle-orm';
import type { GateResult, MetricsByKind } from '../../../src-core/governance';
import { auditHead } from '../../governance/auditTrail';
import { latestChangeRequest, type ChangeRequestRecord } from '../../governance/changeControl';
import { latestGateEvaluation, type GateEvaluationRecord } from '../../governance/gateEvaluation';
import { getLock, type ModelLockRecord } from '../../governance/lockModel';
import { getModel, loadModelMetrics, modelMetricsHash, signedRecordHash, type ModelRecord } from '../../governance/modelRegistry';
import { listSignatures, type SignatureRecord } from '../../governance/signatures';
import type { Store } from '../../store/openStore';
import { modelMetrics } from '../../store/schema';

export interface ModelCardData {
  model: ModelRecord;
  predecessor: ModelRecord | null;
  metrics: MetricsByKind;
  metricsHash: string;
  recordHash: string;
  metricsRecorded: Array<{ dataset: string; kind: string; sha256: string; recordedBy: string; recordedAt: string }>;
  gate: (GateEvaluationRecord & { results: GateResult[] }) | null;
  signatures: SignatureRecord[];
  lock: ModelLockRecord | null;
  changeRequest: ChangeRequestRecord | null;
  auditHead: { seq: number; hash: string };
  generatedAt: string;
}

export function collectModelCardData(store: Store, modelId: string): ModelCardData {
  const model = getModel(store, modelId);
  const metricsHash = modelMetricsHash(store, model.id);
  const gate = latestGateEvaluation(store, model.id);
  return {
    model,
    predecessor: model.predecessorId ? getModel(store, model.predecessorId) : null,
    metrics: loadModelMetrics(store, model.id),
    metricsHash,
    recordHash: signedRecordHash(model, metricsHash),
    metricsRecorded: store.db.select({ dataset: modelMetrics.dataset, kind: modelMetrics.kind, sha256: modelMetrics.sha256, recordedBy: modelMetrics.recordedBy, recordedAt: modelMetrics.recordedAt })
      .from(modelMetrics).where(eq(modelMetrics.modelId, model.id)).orderBy(desc(modelMetrics.kind)).all(),
    gate: gate ? { ...gate, results: JSON.parse(gate.resultsJson) as GateResult[] } : null,
    signatures: listSignatures(store, model.id),
    lock: getLock(store, model.id),
    changeRequest: latestChangeRequest(store, model.id),
    auditHead: auditHead(store),
    generatedAt: new Date().toISOString(),
  };
}
