/** The audit event record and the exact bytes its hash covers: SHA-256 over canonical JSON of every field but `hash` (prevHash included), which chains each event to the one before. */
import { canonicalJson } from './canonicalJson';

/** The prev hash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  recordType: string;
  recordId: string;
  beforeHash: string | null;
  afterHash: string | null;
  /** Canonical JSON text of the payload, hashed as text so any byte edit changes the hash. */
  payloadJson: string;
  prevHash: string;
  hash: string;
}

/** A hex SHA-256 of a UTF-8 string, supplied by the caller (src-core has no crypto). */
export type HashText = (text: string) => string;

export function auditHashInput(row: Omit<AuditRow, 'hash'>): string {
  return canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    recordType: row.recordType,
    recordId: row.recordId,
    beforeHash: row.beforeHash,
    afterHash: row.afterHash,
    payloadJson: row.payloadJson,
    prevHash: row.prevHash,
  });
}

/** The signed content of a checkpoint: the chain position it vouches for. */
export function checkpointSigningInput(checkpoint: { seq: number; hash: string; at: string; keyId: string }): string {
  return canonicalJson({
    type: 'hilum-audit-checkpoint',
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    at: checkpoint.at,
    keyId: checkpoint.keyId,
  });
}

/** The signed content of a signed head: the chain position after a committed transaction, and the key that signs it. */
export function signedHeadSigningInput(head: { seq: number; hash: string; at: string; keyFingerprint: string }): string {
  return canonicalJson({ type: 'hilum-audit-head', seq: head.seq, hash: head.hash, at: head.at, keyFingerprint: head.keyFingerprint });
}
