/** Gathers everything the model card shows from the store: plain data, so the renderer never queries and never fills gaps. */
import { desc, eq } from 'drizzle-orm';
import type { GateResult, MetricsByKind } from '../../../src-core/governance';
import { canonicalJson } from '../../../src-core/governance';
import { auditHead, signedAuditHead, signingKeySettingKey, type SignedAuditHead } from '../../governance/auditTrail';
import { latestChangeRequest, type ChangeRequestRecord } from '../../governance/changeControl';
import { gateEvaluationHistory, latestGateEvaluation, type GateEvaluationRecord } from '../../governance/gateEvaluation';
import { gateSpecApproval, getGateSpec, type GateSpecRecord } from '../../governance/gateSpecs';
import { getLock, type ModelLockRecord } from '../../governance/lockModel';
import { getModel, loadModelMetrics, modelMetricsHash, signedRecordHash, type ModelRecord } from '../../governance/modelRegistry';
import type { RecordSignature } from '../../governance/recordSignatures';
import { resolveReleasePolicy, type ReleasePolicyRecord } from '../../governance/releasePolicy';
import { signaturesWithStatus, type SignatureWithStatus } from '../../governance/signatures';
import type { Store } from '../../store/openStore';
import { datasets, installationSettings, modelMetrics } from '../../store/schema';
import { collectModelLineage, type ModelLineage } from './collectModelLineage';
import { readBundleDecisions, type BundleDecisions } from './readBundleDecisions';

type GateEvaluationWithResults = GateEvaluationRecord & { results: GateResult[] };

export interface ModelCardData {
  model: ModelRecord;
  predecessor: ModelRecord | null;
  metrics: MetricsByKind;
  metricsHash: string;
  recordHash: string;
  metricsRecorded: Array<{ dataset: string; kind: string; sha256: string; recordedBy: string; recordedAt: string }>;
  gate: GateEvaluationWithResults | null;
  /** The training run, datasets, splits and evaluations recorded for this bundle hash. */
  lineage: ModelLineage;
  /** What the bundle ships for serving (calibration, thresholds, abstention, OOD thresholds). */
  decisions: BundleDecisions;
  /** Every gate evaluation, oldest first, failures included. */
  gateHistory: GateEvaluationWithResults[];
  releasePolicy: ReleasePolicyRecord | null;
  gateSpec: (GateSpecRecord & { approval: RecordSignature | null }) | null;
  signatures: SignatureWithStatus[];
  lock: ModelLockRecord | null;
  changeRequest: ChangeRequestRecord | null;
  auditHead: { seq: number; hash: string };
  signedHead: SignedAuditHead | null;
  /** The signing key fingerprint recorded at set-up. */
  keyFingerprint: string | null;
  /** Stored documents that mention synthetic data (kind/dataset): non-empty means the SYNTHETIC banner. */
  syntheticIn: string[];
  generatedAt: string;
}

export function collectModelCardData(store: Store, modelId: string): ModelCardData {
  const model = getModel(store, modelId);
  const metricsHash = modelMetricsHash(store, model.id);
  const gate = latestGateEvaluation(store, model.id);
  const withResults = (g: GateEvaluationRecord): GateEvaluationWithResults => ({
    ...g,
    results: JSON.parse(g.resultsJson) as GateResult[],
  });
  const policy = resolveReleasePolicy(store, model);
  const spec = policy ? getGateSpec(store, policy.gateSpecId) : null;
  const metrics = loadModelMetrics(store, model.id);
  return {
    model,
    predecessor: model.predecessorId ? getModel(store, model.predecessorId) : null,
    metrics,
    metricsHash,
    recordHash: signedRecordHash(model, metricsHash),
    metricsRecorded: store.db
      .select({
        dataset: modelMetrics.dataset,
        kind: modelMetrics.kind,
        sha256: modelMetrics.sha256,
        recordedBy: modelMetrics.recordedBy,
        recordedAt: modelMetrics.recordedAt,
      })
      .from(modelMetrics)
      .where(eq(modelMetrics.modelId, model.id))
      .orderBy(desc(modelMetrics.kind))
      .all(),
    gate: gate ? withResults(gate) : null,
    lineage: collectModelLineage(store, model.bundleHash),
    decisions: readBundleDecisions(model.bundlePath, model.bundleHash),
    gateHistory: gateEvaluationHistory(store, model.id).map(withResults),
    releasePolicy: policy,
    gateSpec: spec ? { ...spec, approval: gateSpecApproval(store, spec) } : null,
    signatures: signaturesWithStatus(store, model.id),
    lock: getLock(store, model.id),
    changeRequest: latestChangeRequest(store, model.id),
    auditHead: auditHead(store),
    signedHead: signedAuditHead(store),
    keyFingerprint:
      store.db.select().from(installationSettings).where(eq(installationSettings.key, signingKeySettingKey)).get()?.value ?? null,
    syntheticIn: syntheticMentions(store, metrics),
    generatedAt: new Date().toISOString(),
  };
}

const syntheticWords = /synthetic|phantom/i;

/**
 * Which records say the data is synthetic: a stored document (or its dataset name) that mentions
 * it, or an evaluated dataset (by the `dataset.name` an evaluation report records) whose name or
 * folder in the datasets table does.
 */
function syntheticMentions(store: Store, metrics: MetricsByKind): string[] {
  const out: string[] = [];
  for (const [kind, byDataset] of Object.entries(metrics)) {
    for (const [dataset, doc] of Object.entries(byDataset)) {
      if (syntheticWords.test(dataset) || syntheticWords.test(canonicalJson(doc ?? null)))
        out.push(`${kind} ${dataset === '*' ? '(model-wide)' : dataset}`);
      const name = (doc as { dataset?: { name?: unknown } } | null)?.dataset?.name;
      const row =
        typeof name === 'string'
          ? store.db.select({ name: datasets.name, root: datasets.rootPath }).from(datasets).where(eq(datasets.name, name)).get()
          : undefined;
      if (row && (syntheticWords.test(row.name) || syntheticWords.test(row.root))) out.push(`dataset ${row.name}`);
    }
  }
  return [...new Set(out)];
}
