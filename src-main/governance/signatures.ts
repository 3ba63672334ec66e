/**
 * Electronic signatures on a model (in the spirit of 21 CFR Part 11 §11.50/§11.70/§11.200): the
 * signer re-enters the password at each signing, sees the statement of intent first, and the
 * signature stores printed name, role, UTC time, meaning, that statement, and what it binds — the
 * model record hash (identity, bundle hash, metrics hash), the hash of the latest gate evaluation
 * and the bundle hash. A later evaluation, a metrics/threshold change or another bundle
 * supersedes it: it stays in the history, shown as superseded, and no longer counts for a lock.
 * Signatures are append-only; a locked model only accepts `rejected` and `retired` meanings.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { type Action } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { signatures } from '../store/schema';
import { appendAuditEvent } from './auditTrail';
import { gateEvaluationHash, latestGateEvaluation } from './gateEvaluation';
import { getModel, modelMetricsHash, signedRecordHash, type ModelRecord } from './modelRegistry';
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

const intent: Record<SignatureRecord['meaning'], string> = {
  authored: 'I am the author of this model record and attest that it is complete and accurate',
  reviewed: 'I have reviewed this model record',
  approved: 'I approve this model record for release',
  rejected: 'I reject this model record: it must not be released',
  retired: 'I retire this model: it must no longer be used',
};

/** The statement of intent shown before signing and stored with the signature. */
export function signatureStatement(model: ModelRecord, meaning: SignatureRecord['meaning'], gateEvaluationId: string | null): string {
  const gate = gateEvaluationId ? `gate evaluation ${gateEvaluationId}` : 'no gate evaluation yet';
  return `${intent[meaning]} (${model.name} ${model.version}, bundle SHA-256 ${model.bundleHash}, ${gate}). This electronic signature is the legally binding equivalent of my handwritten signature.`;
}

/** The statement a signer would sign now (for showing before the password is asked). */
export function currentSignatureStatement(store: Store, modelId: string, meaning: SignatureRecord['meaning']): string {
  const model = getModel(store, modelId);
  return signatureStatement(model, meaning, latestGateEvaluation(store, model.id)?.id ?? null);
}

export function signModel(store: Store, input: SignInput): SignatureRecord {
  if (!(signatureMeanings as readonly string[]).includes(input.meaning)) {
    throw new HilumError('INVALID_ARGUMENT', `signature meaning must be one of ${signatureMeanings.join(', ')}`, {
      meaning: input.meaning,
    });
  }
  const user = authenticate(store, input.username, input.password);
  authorize(store, user, `sign.${input.meaning}` as Action);
  return store.sqlite
    .transaction(() => {
      const model = getModel(store, input.modelId);
      if (model.status !== 'draft' && input.meaning !== 'rejected') {
        throw new HilumError(
          'MODEL_LOCKED',
          `model ${model.name} ${model.version} is ${model.status}: only a "rejected" signature may be added (see retireModel)`,
          { modelId: model.id },
        );
      }
      return insertSignature(store, model.id, user, input.meaning, input.comment ?? null);
    })
    .immediate();
}

/** Inserts and audits one signature bound to the model's current record, latest gate evaluation and bundle (callers check permissions). */
export function insertSignature(
  store: Store,
  modelId: string,
  user: { id: string; username: string; fullName: string; role: string },
  meaning: SignatureRecord['meaning'],
  comment: string | null,
): SignatureRecord {
  const model = getModel(store, modelId);
  const metricsHash = modelMetricsHash(store, model.id);
  const gate = latestGateEvaluation(store, model.id);
  const row: SignatureRecord = {
    id: randomUUID(),
    modelId: model.id,
    userId: user.id,
    printedName: user.fullName,
    role: user.role,
    meaning,
    signedAt: new Date().toISOString(),
    recordHash: signedRecordHash(model, metricsHash),
    bundleHash: model.bundleHash,
    metricsHash,
    comment,
    gateEvaluationId: gate?.id ?? null,
    gateEvaluationHash: gate ? gateEvaluationHash(gate) : null,
    statement: signatureStatement(model, meaning, gate?.id ?? null),
  };
  store.db.insert(signatures).values(row).run();
  appendAuditEvent(store, {
    actor: user.username,
    action: `sign.${meaning}`,
    recordType: 'signature',
    recordId: row.id,
    before: null,
    after: row,
    payload: {
      modelId: model.id,
      meaning,
      recordHash: row.recordHash,
      gateEvaluationId: row.gateEvaluationId,
      printedName: row.printedName,
    },
    state: [{ table: 'signatures', key: row.id }],
  });
  return row;
}

export function listSignatures(store: Store, modelId: string): SignatureRecord[] {
  return store.db.select().from(signatures).where(eq(signatures.modelId, modelId)).orderBy(asc(signatures.signedAt)).all();
}

export interface SignatureWithStatus extends SignatureRecord {
  /** Whether it still counts: bound to the current record, the latest gate evaluation and this bundle. */
  current: boolean;
  supersededBecause: string | null;
}

/** Every signature of a model with whether it is current or superseded (and why). */
export function signaturesWithStatus(store: Store, modelId: string): SignatureWithStatus[] {
  const model = getModel(store, modelId);
  const recordHash = signedRecordHash(model, modelMetricsHash(store, model.id));
  const gate = latestGateEvaluation(store, model.id);
  const gateHash = gate ? gateEvaluationHash(gate) : null;
  return listSignatures(store, modelId).map((s) => {
    let why: string | null = null;
    if (s.meaning === 'retired') why = null;
    else if (s.bundleHash !== model.bundleHash) why = 'signed a different bundle';
    else if (s.recordHash !== recordHash) why = 'the record (metrics or thresholds) changed after signing';
    else if (s.gateEvaluationId !== (gate?.id ?? null) || s.gateEvaluationHash !== gateHash)
      why = s.gateEvaluationId ? 'a later gate evaluation supersedes it' : 'signed before any gate evaluation';
    return { ...s, current: why === null, supersededBecause: why };
  });
}
