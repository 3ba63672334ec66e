/**
 * Locking: what a lock requires is fixed by the model's release policy (set at registration, or
 * the installation default), never by the person locking. A model is locked only when the
 * policy's gate spec is approved, the latest gate evaluation of the model used that spec, passed,
 * and was computed on the current metrics and bundle; the policy's signatures are current (bound
 * to that evaluation, record and bundle) from distinct people, the approver not being the model's
 * author unless the policy allows it; no rejection stands; and — for a new version of a name that
 * has a locked model — a change request exists, the gates were evaluated after it, and the
 * thresholds are not an unreviewed copy of the predecessor's. A refusal is audited, then thrown.
 */
import { and, eq, ne } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { canonicalJson } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { modelLocks, models, users } from '../store/schema';
import { appendAuditEvent, signedAuditHead } from './auditTrail';
import { hasThresholdRevalidation, latestChangeRequest, thresholdsOf } from './changeControl';
import { latestGateEvaluation } from './gateEvaluation';
import { gateSpecApproval, getGateSpec } from './gateSpecs';
import { policyOf, resolveReleasePolicy, type ReleasePolicy, type RequiredSignature } from './releasePolicy';
import { getModel, loadModelMetrics, modelMetricsHash, type ModelRecord } from './modelRegistry';
import { insertSignature, signaturesWithStatus, type SignatureWithStatus } from './signatures';
import { authenticate, type User } from './userAccounts';
import { authorize } from './authorize';
import { verifyAuditTrail } from './verifyAuditTrail';

export type ModelLockRecord = typeof modelLocks.$inferSelect;

interface LockCheck {
  reasons: string[];
  gateEvaluationId: string | null;
  signatureIds: string[];
  changeRequestId: string | null;
  metricsHash: string;
  policyId: string | null;
}

function gateReasons(store: Store, model: ModelRecord, policy: ReleasePolicy, metricsHash: string): string[] {
  const reasons: string[] = [];
  const spec = getGateSpec(store, policy.gateSpecId);
  if (!gateSpecApproval(store, spec)) reasons.push(`the release policy's gate spec ${spec.name} v${spec.version} is not approved by QA`);
  const gate = latestGateEvaluation(store, model.id);
  if (!gate) reasons.push(`no gate evaluation stored (the release policy requires gate spec ${spec.name} v${spec.version})`);
  else if (gate.gateSpecId !== spec.id)
    reasons.push(
      `the latest gate evaluation (${gate.gatesName}, ${gate.evaluatedAt}) did not use the approved gate spec ${spec.name} v${spec.version}: evaluate with it`,
    );
  else if (!gate.passed) reasons.push(`the latest gate evaluation under ${spec.name} v${spec.version} (${gate.evaluatedAt}) failed`);
  else if (gate.metricsHash !== metricsHash) reasons.push('metrics changed after the latest gate evaluation: evaluate the gates again');
  else if (gate.bundleHash !== model.bundleHash) reasons.push('the latest gate evaluation was not computed on this bundle');
  return reasons;
}

function signatureReasons(store: Store, model: ModelRecord, policy: ReleasePolicy): { reasons: string[]; signatureIds: string[] } {
  const reasons: string[] = [];
  const current = signaturesWithStatus(store, model.id).filter((s) => s.current);
  const rejection = current.find((s) => s.meaning === 'rejected');
  if (rejection) reasons.push(`rejected by ${rejection.printedName} at ${rejection.signedAt}`);
  const authors = authorIds(store, model);
  const authorBlocked = (req: RequiredSignature, s: SignatureWithStatus) =>
    req.meaning === 'approved' && !policy.authorMayApprove && authors.has(s.userId);
  const eligible = policy.requiredSignatures.map((req) =>
    current.filter((s) => s.meaning === req.meaning && (req.roles as string[]).includes(s.role) && !authorBlocked(req, s)),
  );
  // Assign one signature per requirement (backtracking: a handful of signatures at most), distinct people when required.
  const assign = (i: number, used: SignatureWithStatus[]): SignatureWithStatus[] | null => {
    if (i === eligible.length) return used;
    for (const s of eligible[i]!) {
      if (used.some((u) => u.id === s.id || (policy.distinctSigners && u.userId === s.userId))) continue;
      const found = assign(i + 1, [...used, s]);
      if (found) return found;
    }
    return null;
  };
  const assigned = assign(0, []);
  if (assigned) return { reasons, signatureIds: assigned.map((s) => s.id) };
  policy.requiredSignatures.forEach((req, i) => {
    const blocked = current.find((s) => s.meaning === req.meaning && (req.roles as string[]).includes(s.role) && authorBlocked(req, s));
    if (eligible[i]!.length === 0 && blocked)
      reasons.push(
        `missing signature: ${req.meaning} by ${req.roles.join(' or ')} — ${blocked.printedName} authored this model and may not approve it`,
      );
    else if (eligible[i]!.length === 0)
      reasons.push(
        `missing signature: ${req.meaning} by ${req.roles.join(' or ')}, current (bound to the latest gate evaluation, this record and this bundle)`,
      );
  });
  if (reasons.length === (rejection ? 1 : 0))
    reasons.push(
      `missing signatures: the required ${policy.requiredSignatures.map((r) => r.meaning).join(', ')} signatures must come from ${policy.distinctSigners ? 'distinct people' : 'eligible signers'}`,
    );
  return { reasons, signatureIds: [] };
}

/** The model's authors: the user who registered it and anyone who signed it as `authored`. */
function authorIds(store: Store, model: ModelRecord): Set<string> {
  const ids = new Set(
    signaturesWithStatus(store, model.id)
      .filter((s) => s.meaning === 'authored')
      .map((s) => s.userId),
  );
  const creator = store.db.select({ id: users.id }).from(users).where(eq(users.username, model.createdBy)).get();
  if (creator) ids.add(creator.id);
  return ids;
}

function changeControlReasons(
  store: Store,
  model: ModelRecord,
  gateEvaluatedAt: string | null,
): { reasons: string[]; changeRequestId: string | null } {
  const reasons: string[] = [];
  const released = store.db
    .select()
    .from(models)
    .where(and(eq(models.name, model.name), ne(models.status, 'draft'), ne(models.id, model.id)))
    .all();
  const predecessor = model.predecessorId ? getModel(store, model.predecessorId) : null;
  if (!(predecessor && predecessor.status !== 'draft') && released.length === 0) return { reasons, changeRequestId: null };
  if (!predecessor) {
    reasons.push(
      `${model.name} already has a ${released[0]!.status} version (${released[0]!.version}): a new version needs a predecessor and a change request`,
    );
    return { reasons, changeRequestId: null };
  }
  const cr = latestChangeRequest(store, model.id);
  if (!cr)
    reasons.push(`new version of ${predecessor.status} model ${predecessor.name} ${predecessor.version}: a change request is required`);
  // Equal timestamps count as stale: when in doubt, re-evaluate.
  else if (gateEvaluatedAt !== null && gateEvaluatedAt <= cr.createdAt)
    reasons.push('gates were not re-evaluated after the change request');
  const before = thresholdsOf(store, predecessor.id);
  const after = thresholdsOf(store, model.id);
  if (before && !after) reasons.push('the predecessor has stored thresholds but this version has none');
  if (before && after && before.hash === after.hash && !hasThresholdRevalidation(store, model.id, after.hash)) {
    reasons.push("thresholds are identical to the predecessor's: record an explicit threshold re-validation");
  }
  return { reasons, changeRequestId: cr?.id ?? null };
}

export function checkLockable(store: Store, model: ModelRecord): LockCheck {
  const reasons: string[] = [];
  if (model.status !== 'draft') reasons.push(`model is ${model.status}`);
  // Everything below trusts stored rows (policy, spec approval, signatures): they must be what the trail says.
  const trail = verifyAuditTrail(store);
  if (!trail.ok) reasons.push(`the audit trail does not verify (${trail.firstBad!.record}: ${trail.firstBad!.message})`);
  const metricsHash = modelMetricsHash(store, model.id);
  const gate = latestGateEvaluation(store, model.id);
  const policyRecord = resolveReleasePolicy(store, model);
  let signatureIds: string[] = [];
  if (!policyRecord)
    reasons.push(
      'no release policy: none was fixed at registration and the installation has no default (an admin sets one with `hilum policy set-default`)',
    );
  else {
    const policy = policyOf(policyRecord);
    reasons.push(...gateReasons(store, model, policy, metricsHash));
    const sig = signatureReasons(store, model, policy);
    reasons.push(...sig.reasons);
    signatureIds = sig.signatureIds;
  }
  // What is validated is what is shipped: an evaluation that names the model it ran must name this bundle.
  for (const [dataset, doc] of Object.entries(loadModelMetrics(store, model.id).evaluation ?? {})) {
    const named = (doc as { model?: { hash?: unknown } } | null)?.model?.hash;
    if (named !== undefined && named !== model.bundleHash)
      reasons.push(`evaluation "${dataset}" was computed by model ${String(named)}, not by this bundle`);
  }
  const change = changeControlReasons(store, model, gate?.evaluatedAt ?? null);
  reasons.push(...change.reasons);
  return {
    reasons,
    gateEvaluationId: gate?.id ?? null,
    signatureIds,
    changeRequestId: change.changeRequestId,
    metricsHash,
    policyId: policyRecord?.id ?? null,
  };
}

export function lockModel(store: Store, by: User, modelId: string): ModelLockRecord {
  authorize(store, by, 'model.lock');
  const outcome = store.sqlite
    .transaction(() => {
      const model = getModel(store, modelId);
      const check = checkLockable(store, model);
      if (check.reasons.length > 0) {
        // Committed, not rolled back: the refusal itself is part of the record.
        appendAuditEvent(store, {
          actor: by.username,
          action: 'lock.refused',
          recordType: 'model',
          recordId: model.id,
          payload: { reasons: check.reasons, releasePolicyId: check.policyId },
        });
        return { refused: check.reasons, model, lock: null };
      }
      const lock: ModelLockRecord = {
        modelId: model.id,
        lockedBy: by.username,
        lockedAt: new Date().toISOString(),
        bundleHash: model.bundleHash,
        metricsHash: check.metricsHash,
        gateEvaluationId: check.gateEvaluationId!,
        signatureIdsJson: canonicalJson(check.signatureIds),
        changeRequestId: check.changeRequestId,
      };
      store.db.insert(modelLocks).values(lock).run();
      store.db.update(models).set({ status: 'locked' }).where(eq(models.id, model.id)).run();
      appendAuditEvent(store, {
        actor: by.username,
        action: 'model.lock',
        recordType: 'model',
        recordId: model.id,
        before: model,
        after: { ...model, status: 'locked' },
        payload: { lock, releasePolicyId: check.policyId },
        state: [
          { table: 'model_locks', key: model.id },
          { table: 'models', key: model.id },
        ],
      });
      return { refused: null, model, lock };
    })
    .immediate();
  if (outcome.refused) {
    throw new HilumError('LOCK_REFUSED', `cannot lock ${outcome.model.name} ${outcome.model.version}: ${outcome.refused.join('; ')}`, {
      modelId,
      reasons: outcome.refused,
    });
  }
  return outcome.lock!;
}

/** The lock receipt: the lock plus the signed audit head right after it (a witness the recipient can keep). */
export function lockReceipt(store: Store, lock: ModelLockRecord): { lock: ModelLockRecord; auditHead: ReturnType<typeof signedAuditHead> } {
  return { lock, auditHead: signedAuditHead(store) };
}

export function getLock(store: Store, modelId: string): ModelLockRecord | null {
  return store.db.select().from(modelLocks).where(eq(modelLocks.modelId, modelId)).get() ?? null;
}

/** Retire flow: re-authentication, a `retired` signature, status locked → retired (the lock record stays). */
export function retireModel(store: Store, input: { modelId: string; username: string; password: string; reason: string }): ModelRecord {
  const user = authenticate(store, input.username, input.password);
  authorize(store, user, 'model.retire');
  return store.sqlite
    .transaction(() => {
      const model = getModel(store, input.modelId);
      if (model.status !== 'locked')
        throw new HilumError('CONFLICT', `only a locked model can be retired; ${model.name} ${model.version} is ${model.status}`, {
          modelId: model.id,
        });
      insertSignature(store, model.id, user, 'retired', input.reason);
      store.db.update(models).set({ status: 'retired' }).where(eq(models.id, model.id)).run();
      const after = { ...model, status: 'retired' as const };
      appendAuditEvent(store, {
        actor: user.username,
        action: 'model.retire',
        recordType: 'model',
        recordId: model.id,
        before: model,
        after,
        payload: { reason: input.reason },
        state: [{ table: 'models', key: model.id }],
      });
      return after;
    })
    .immediate();
}
