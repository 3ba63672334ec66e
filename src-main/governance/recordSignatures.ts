/**
 * E-signatures on controlled records other than models: a gate spec's QA approval, a release
 * policy's and the installation default's admin approval. The signer re-enters the password; the
 * signature stores printed name, role, meaning, UTC time, the record hash and the statement of
 * intent shown before signing. Append-only (trigger) and audited with the row's content hash.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../store/openStore';
import { recordSignatures } from '../store/schema';
import { appendAuditEvent } from './auditTrail';

export type RecordSignature = typeof recordSignatures.$inferSelect;

/** Inserts one record signature inside the caller's transaction (the caller authenticated and authorised the signer). */
export function insertRecordSignature(
  store: Store,
  signer: { id: string; username: string; fullName: string; role: string },
  target: { recordType: RecordSignature['recordType']; recordId: string; recordHash: string; meaning: string; statement: string },
): RecordSignature {
  const row: RecordSignature = {
    id: randomUUID(),
    recordType: target.recordType,
    recordId: target.recordId,
    recordHash: target.recordHash,
    userId: signer.id,
    printedName: signer.fullName,
    role: signer.role,
    meaning: target.meaning,
    statement: target.statement,
    signedAt: new Date().toISOString(),
  };
  store.db.insert(recordSignatures).values(row).run();
  appendAuditEvent(store, {
    actor: signer.username,
    action: `${target.recordType}.${target.meaning}`,
    recordType: 'record_signature',
    recordId: row.id,
    before: null,
    after: row,
    payload: {
      recordType: row.recordType,
      recordId: row.recordId,
      recordHash: row.recordHash,
      printedName: row.printedName,
      meaning: row.meaning,
    },
    state: [{ table: 'record_signatures', key: row.id }],
  });
  return row;
}

export function recordSignaturesFor(store: Store, recordType: RecordSignature['recordType'], recordId: string): RecordSignature[] {
  return store.db
    .select()
    .from(recordSignatures)
    .where(and(eq(recordSignatures.recordType, recordType), eq(recordSignatures.recordId, recordId)))
    .all();
}
