/**
 * Electronic signatures (in the spirit of 21 CFR Part 11 §11.50/§11.200): the signer re-enters the
 * password at each signing; the signature records printed name, role, UTC time, meaning and the
 * SHA-256 of the signed record (bundle hash + metrics hash), and is audited. Signatures are
 * append-only; a locked model only accepts `rejected` and `retired` meanings.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { type Action } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { signatures } from '../store/schema';
import { appendAuditEvent } from './auditTrail';
import { getModel, modelMetricsHash, signedRecordHash } from './modelRegistry';
import { authenticate } from './userAccounts';
import { authorize } from './authorize';

export type SignatureRecord = typeof signatures.$inferSelect;
export const signatureMeanings = ['authored', 'reviewed', 'approved', 'rejected'] as const;
export type SignatureMeaning = (typeof signatureMeanings)[number];

export interface SignInput {
  modelId: string;
  username: string;
  password: string;
  meaning: SignatureMeaning;
  comment?: string;
}

export function signModel(store: Store, input: SignInput): SignatureRecord {
  if (!(signatureMeanings as readonly string[]).includes(input.meaning)) {
    throw new HilumError('INVALID_ARGUMENT', `signature meaning must be one of ${signatureMeanings.join(', ')}`, { meaning: input.meaning });
  }
  const user = authenticate(store, input.username, input.password);
  authorize(store, user, `sign.${input.meaning}` as Action);
  return store.sqlite.transaction(() => {
    const model = getModel(store, input.modelId);
    if (model.status !== 'draft' && input.meaning !== 'rejected') {
      throw new HilumError('MODEL_LOCKED', `model ${model.name} ${model.version} is ${model.status}: only a "rejected" signature may be added (see retireModel)`, { modelId: model.id });
    }
    return insertSignature(store, model.id, user, input.meaning, input.comment ?? null);
  }).immediate();
}

/** Inserts and audits one signature bound to the model's current record hash (callers check permissions). */
export function insertSignature(store: Store, modelId: string, user: { id: string; username: string; fullName: string; role: string }, meaning: SignatureRecord['meaning'], comment: string | null): SignatureRecord {
  const model = getModel(store, modelId);
  const metricsHash = modelMetricsHash(store, model.id);
  const row: SignatureRecord = {
    id: randomUUID(), modelId: model.id, userId: user.id, printedName: user.fullName, role: user.role, meaning,
    signedAt: new Date().toISOString(), recordHash: signedRecordHash(model, metricsHash), bundleHash: model.bundleHash, metricsHash, comment,
  };
  store.db.insert(signatures).values(row).run();
  appendAuditEvent(store, { actor: user.username, action: `sign.${meaning}`, recordType: 'signature', recordId: row.id, before: null, after: row, payload: { modelId: model.id, meaning, recordHash: row.recordHash, printedName: row.printedName } });
  return row;
}

export function listSignatures(store: Store, modelId: string): SignatureRecord[] {
  return store.db.select().from(signatures).where(eq(signatures.modelId, modelId)).orderBy(asc(signatures.signedAt)).all();
}
