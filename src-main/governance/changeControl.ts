/**
 * Change control for a new version of a locked model: a change request (reason, risk assessment,
 * what changed) linked to the predecessor, with the computed diff; and the explicit threshold
 * re-validation record needed when the new version's thresholds equal the predecessor's.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { canonicalJson, diffModels, type DiffEntry } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { changeRequests, thresholdRevalidations } from '../store/schema';
import { appendAuditEvent } from './auditTrail';
import { getModel, loadModelMetrics } from './modelRegistry';
import { hashCanonical } from './sha256Hex';
import type { User } from './userAccounts';
import { authorize } from './authorize';

export type ChangeRequestRecord = typeof changeRequests.$inferSelect;

export interface ChangeRequestInput {
  modelId: string;
  reason: string;
  riskAssessment: string;
  whatChanged: string;
}

export function computeModelDiff(store: Store, predecessorId: string, modelId: string): DiffEntry[] {
  const before = getModel(store, predecessorId);
  const after = getModel(store, modelId);
  return diffModels(
    { bundleHash: before.bundleHash, metrics: loadModelMetrics(store, before.id) },
    { bundleHash: after.bundleHash, metrics: loadModelMetrics(store, after.id) },
  );
}

export function createChangeRequest(store: Store, by: User, input: ChangeRequestInput): ChangeRequestRecord & { diff: DiffEntry[] } {
  authorize(store, by, 'change.create');
  for (const field of ['reason', 'riskAssessment', 'whatChanged'] as const) {
    if (input[field].trim().length < 3) throw new HilumError('INVALID_ARGUMENT', `change request ${field} is required`, { field });
  }
  return store.sqlite
    .transaction(() => {
      const model = getModel(store, input.modelId);
      if (!model.predecessorId)
        throw new HilumError(
          'INVALID_ARGUMENT',
          `model ${model.name} ${model.version} has no predecessor: register it with one to open a change request`,
          { modelId: model.id },
        );
      if (model.status !== 'draft')
        throw new HilumError('MODEL_LOCKED', `model ${model.name} ${model.version} is already ${model.status}`, { modelId: model.id });
      const diff = computeModelDiff(store, model.predecessorId, model.id);
      const row: ChangeRequestRecord = {
        id: randomUUID(),
        modelId: model.id,
        predecessorId: model.predecessorId,
        reason: input.reason.trim(),
        riskAssessment: input.riskAssessment.trim(),
        whatChanged: input.whatChanged.trim(),
        diffJson: canonicalJson(diff),
        createdBy: by.username,
        createdAt: new Date().toISOString(),
      };
      store.db.insert(changeRequests).values(row).run();
      appendAuditEvent(store, {
        actor: by.username,
        action: 'change.create',
        recordType: 'change_request',
        recordId: row.id,
        before: null,
        after: row,
        payload: { modelId: model.id, predecessorId: row.predecessorId, changes: diff.length },
        state: [{ table: 'change_requests', key: row.id }],
      });
      return { ...row, diff };
    })
    .immediate();
}

export function latestChangeRequest(store: Store, modelId: string): ChangeRequestRecord | null {
  return (
    store.db
      .select()
      .from(changeRequests)
      .where(eq(changeRequests.modelId, modelId))
      .orderBy(desc(sql`rowid`))
      .limit(1)
      .get() ?? null
  );
}

/** The thresholds document (kind `thresholds`, all datasets) and its hash; null when none is stored. */
export function thresholdsOf(store: Store, modelId: string): { json: unknown; hash: string } | null {
  const doc = loadModelMetrics(store, modelId).thresholds;
  return doc === undefined ? null : { json: doc, hash: hashCanonical(doc) };
}

/** Records that a person re-validated the current thresholds of this model (needed when they equal the predecessor's). */
export function revalidateThresholds(store: Store, by: User, modelId: string, note: string): typeof thresholdRevalidations.$inferSelect {
  authorize(store, by, 'thresholds.revalidate');
  if (note.trim().length < 3)
    throw new HilumError('INVALID_ARGUMENT', 'a re-validation note (what was checked, on which data) is required', {});
  return store.sqlite
    .transaction(() => {
      const model = getModel(store, modelId);
      if (model.status !== 'draft')
        throw new HilumError('MODEL_LOCKED', `model ${model.name} ${model.version} is ${model.status}`, { modelId });
      const thresholds = thresholdsOf(store, model.id);
      if (!thresholds)
        throw new HilumError('NOT_FOUND', `model ${model.name} ${model.version} has no stored thresholds to re-validate`, { modelId });
      const row = {
        id: randomUUID(),
        modelId: model.id,
        thresholdsHash: thresholds.hash,
        note: note.trim(),
        revalidatedBy: by.username,
        revalidatedAt: new Date().toISOString(),
      };
      store.db.insert(thresholdRevalidations).values(row).run();
      appendAuditEvent(store, {
        actor: by.username,
        action: 'thresholds.revalidate',
        recordType: 'threshold_revalidation',
        recordId: row.id,
        before: null,
        after: row,
        payload: { modelId: model.id, thresholdsHash: row.thresholdsHash },
        state: [{ table: 'threshold_revalidations', key: row.id }],
      });
      return row;
    })
    .immediate();
}

export function hasThresholdRevalidation(store: Store, modelId: string, thresholdsHash: string): boolean {
  return Boolean(
    store.db
      .select()
      .from(thresholdRevalidations)
      .where(and(eq(thresholdRevalidations.modelId, modelId), eq(thresholdRevalidations.thresholdsHash, thresholdsHash)))
      .get(),
  );
}
