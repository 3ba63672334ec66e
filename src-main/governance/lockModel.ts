/**
 * Locking: a model is locked only when its latest gate evaluation passed on its current metrics,
 * the required signatures exist on its current record hash, no rejection stands, and — for a new
 * version of a locked model — a change request exists, the gates were evaluated after it, and the
 * thresholds are not an unreviewed copy of the predecessor's. A refusal is audited, then thrown.
 */
import { HilumError } from '../../src-core/errors';
import { canonicalJson } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { modelLocks, models } from '../store/schema';
import { eq } from 'drizzle-orm';
import { appendAuditEvent } from './auditTrail';
import { hasThresholdRevalidation, latestChangeRequest, thresholdsOf } from './changeControl';
import { latestGateEvaluation } from './gateEvaluation';
import { defaultLockPolicy, type LockPolicy } from './lockPolicy';
import { getModel, loadModelMetrics, modelMetricsHash, signedRecordHash, type ModelRecord } from './modelRegistry';
import { insertSignature, listSignatures } from './signatures';
import { authenticate, type User } from './userAccounts';
import { authorize } from './authorize';

export type ModelLockRecord = typeof modelLocks.$inferSelect;

interface LockCheck {
  reasons: string[];
  gateEvaluationId: string | null;
  signatureIds: string[];
  changeRequestId: string | null;
  metricsHash: string;
}

export function checkLockable(store: Store, model: ModelRecord, policy: LockPolicy): LockCheck {
  const reasons: string[] = [];
  if (model.status !== 'draft') reasons.push(`model is ${model.status}`);
  const metricsHash = modelMetricsHash(store, model.id);
  const gate = latestGateEvaluation(store, model.id);
  if (!gate) reasons.push('no gate evaluation stored');
  else if (!gate.passed) reasons.push(`latest gate evaluation (${gate.gatesName}, ${gate.evaluatedAt}) failed`);
  else if (gate.metricsHash !== metricsHash) reasons.push('metrics changed after the latest gate evaluation: evaluate the gates again');

  // What is validated is what is shipped: an evaluation that names the model it ran must name this bundle.
  for (const [dataset, doc] of Object.entries(loadModelMetrics(store, model.id).evaluation ?? {})) {
    const named = (doc as { model?: { hash?: unknown } } | null)?.model?.hash;
    if (named !== undefined && named !== model.bundleHash) reasons.push(`evaluation "${dataset}" was computed by model ${String(named)}, not by this bundle`);
  }

  const recordHash = signedRecordHash(model, metricsHash);
  const current = listSignatures(store, model.id).filter((s) => s.recordHash === recordHash);
  const rejection = current.find((s) => s.meaning === 'rejected');
  if (rejection) reasons.push(`rejected by ${rejection.printedName} at ${rejection.signedAt}`);
  const used = new Set<string>();
  const signatureIds: string[] = [];
  for (const req of policy.requiredSignatures) {
    const match = current.find((s) => s.meaning === req.meaning && (req.roles as string[]).includes(s.role) && !(policy.distinctSigners && used.has(s.userId)) && !signatureIds.includes(s.id));
    if (!match) {
      reasons.push(`missing signature: ${req.meaning} by ${req.roles.join(' or ')}${policy.distinctSigners ? ' (a person who has not signed another required role)' : ''} on the current record`);
      continue;
    }
    used.add(match.userId);
    signatureIds.push(match.id);
  }

  let changeRequestId: string | null = null;
  const predecessor = model.predecessorId ? getModel(store, model.predecessorId) : null;
  if (predecessor && predecessor.status !== 'draft') {
    const cr = latestChangeRequest(store, model.id);
    if (!cr) reasons.push(`new version of ${predecessor.status} model ${predecessor.name} ${predecessor.version}: a change request is required`);
    else {
      changeRequestId = cr.id;
      // Equal timestamps count as stale: when in doubt, re-evaluate.
      if (gate && gate.evaluatedAt <= cr.createdAt) reasons.push('gates were not re-evaluated after the change request');
    }
    const before = thresholdsOf(store, predecessor.id);
    const after = thresholdsOf(store, model.id);
    if (before && !after) reasons.push('the predecessor has stored thresholds but this version has none');
    if (before && after && before.hash === after.hash && !hasThresholdRevalidation(store, model.id, after.hash)) {
      reasons.push('thresholds are identical to the predecessor\'s: record an explicit threshold re-validation');
    }
  }
  return { reasons, gateEvaluationId: gate?.id ?? null, signatureIds, changeRequestId, metricsHash };
}

export function lockModel(store: Store, by: User, modelId: string, policy: LockPolicy = defaultLockPolicy): ModelLockRecord {
  authorize(store, by, 'model.lock');
  const outcome = store.sqlite.transaction(() => {
    const model = getModel(store, modelId);
    const check = checkLockable(store, model, policy);
    if (check.reasons.length > 0) {
      // Committed, not rolled back: the refusal itself is part of the record.
      appendAuditEvent(store, { actor: by.username, action: 'lock.refused', recordType: 'model', recordId: model.id, payload: { reasons: check.reasons, policy } });
      return { refused: check.reasons, model, lock: null };
    }
    const lock: ModelLockRecord = {
      modelId: model.id, lockedBy: by.username, lockedAt: new Date().toISOString(), bundleHash: model.bundleHash, metricsHash: check.metricsHash,
      gateEvaluationId: check.gateEvaluationId!, signatureIdsJson: canonicalJson(check.signatureIds), changeRequestId: check.changeRequestId,
    };
    store.db.insert(modelLocks).values(lock).run();
    store.db.update(models).set({ status: 'locked' }).where(eq(models.id, model.id)).run();
    appendAuditEvent(store, { actor: by.username, action: 'model.lock', recordType: 'model', recordId: model.id, before: model, after: { ...model, status: 'locked' }, payload: { lock } });
    return { refused: null, model, lock };
  }).immediate();
  if (outcome.refused) {
    throw new HilumError('LOCK_REFUSED', `cannot lock ${outcome.model.name} ${outcome.model.version}: ${outcome.refused.join('; ')}`, { modelId, reasons: outcome.refused });
  }
  return outcome.lock!;
}

export function getLock(store: Store, modelId: string): ModelLockRecord | null {
  return store.db.select().from(modelLocks).where(eq(modelLocks.modelId, modelId)).get() ?? null;
}

/** Retire flow: re-authentication, a `retired` signature, status locked → retired (the lock record stays). */
export function retireModel(store: Store, input: { modelId: string; username: string; password: string; reason: string }): ModelRecord {
  const user = authenticate(store, input.username, input.password);
  authorize(store, user, 'model.retire');
  return store.sqlite.transaction(() => {
    const model = getModel(store, input.modelId);
    if (model.status !== 'locked') throw new HilumError('CONFLICT', `only a locked model can be retired; ${model.name} ${model.version} is ${model.status}`, { modelId: model.id });
    insertSignature(store, model.id, user, 'retired', input.reason);
    store.db.update(models).set({ status: 'retired' }).where(eq(models.id, model.id)).run();
    const after = { ...model, status: 'retired' as const };
    appendAuditEvent(store, { actor: user.username, action: 'model.retire', recordType: 'model', recordId: model.id, before: model, after, payload: { reason: input.reason } });
    return after;
  }).immediate();
}
