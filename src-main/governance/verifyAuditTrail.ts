/** Verifies the stored audit trail: the hash chain, every checkpoint's signature, and that the chain reaches the latest checkpoint (table and file). */
import { verify, createPublicKey } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { checkpointSigningInput, verifyAuditChain, type AuditRow, type ChainVerification, type CheckpointClaim } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { auditCheckpoints, auditEvents, installationKeys } from '../store/schema';
import { readCheckpointFile, type AuditCheckpoint } from './auditTrail';
import { sha256Hex } from './sha256Hex';

export function verifyAuditTrail(store: Store): ChainVerification {
  const rows: AuditRow[] = store.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();
  const keys = new Map(store.db.select().from(installationKeys).all().map((k) => [k.keyId, k.publicKeyPem]));
  const claims: CheckpointClaim[] = store.db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id)).all()
    .map((cp) => ({ seq: cp.seq, hash: cp.hash, source: `table#${cp.id}`, signatureValid: checkSignature(cp, keys) }));
  const fileCp = readCheckpointFile(store.dataDir);
  if (fileCp) claims.push({ seq: fileCp.seq, hash: fileCp.hash, source: 'file', signatureValid: checkSignature(fileCp, keys) });
  return verifyAuditChain(rows, claims, sha256Hex);
}

function checkSignature(cp: AuditCheckpoint, keys: Map<string, string>): boolean {
  const pem = keys.get(cp.keyId);
  if (!pem) return false;
  try {
    return verify(null, Buffer.from(checkpointSigningInput(cp)), createPublicKey(pem), Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}
