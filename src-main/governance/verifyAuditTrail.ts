/**
 * `hilum audit verify`: replays the hash chain; checks the signed head against pinned keys only
 * (`--trusted-key` fingerprints and the locally configured key, never a key found in the
 * database) and that the chain ends exactly at it; checks every witnessed head (a rollback,
 * rewrite or truncation before it is caught even by someone holding the key); compares the
 * governance tables with the state the chain implies; and lists missing protective triggers.
 */
import { createPublicKey, verify } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { signedHeadSigningInput, verifyAuditChain, type AuditRow, type CheckpointClaim } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { auditEvents } from '../store/schema';
import { signedAuditHead, type SignedAuditHead } from './auditTrail';
import { fingerprintOf, localKeyFingerprint } from './signingKey';
import { sha256Hex } from './sha256Hex';
import { missingTriggers } from './storeTriggers';
import { verifyGovernanceState } from './verifyGovernanceState';

export interface AuditProblem {
  kind: string;
  /** The audit event the problem is found at (null for a table row no event vouches for). */
  seq: number | null;
  /** The record named: `audit_events seq N`, `<table> <key>`, `signed head`, `trigger <name>`. */
  record: string;
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  eventsChecked: number;
  headSeq: number;
  headHash: string;
  /** The seq of the signed head when its signature verified with a trusted key (0 otherwise). */
  checkpointSeq: number;
  signedHead: SignedAuditHead | null;
  trustedKeys: string[];
  witnessesChecked: number;
  missingTriggers: string[];
  firstBad: AuditProblem | null;
  problems: AuditProblem[];
}

export interface VerifyOptions {
  /** Pinned key fingerprints (hex SHA-256 of the public key). The local signing key is always trusted. */
  trustedKeys?: string[];
  /** Heads printed earlier by `hilum audit head --json`, with where each came from. */
  witnesses?: Array<{ source: string; head: Pick<SignedAuditHead, 'seq' | 'hash'> }>;
}

function headSignatureProblem(head: SignedAuditHead, trusted: Set<string>): string | null {
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(head.publicKeyPem);
  } catch {
    return 'its public key is unreadable';
  }
  if (fingerprint !== head.keyFingerprint) return `its key fingerprint ${head.keyFingerprint} does not match the public key stored with it`;
  if (!trusted.has(fingerprint)) return `signed by key ${fingerprint}, which is not a trusted (pinned) key`;
  try {
    if (!verify(null, Buffer.from(signedHeadSigningInput(head)), createPublicKey(head.publicKeyPem), Buffer.from(head.signature, 'base64')))
      return 'its signature does not verify';
  } catch {
    return 'its signature is malformed';
  }
  return null;
}

export function verifyAuditTrail(store: Store, options: VerifyOptions = {}): AuditVerification {
  const rows: AuditRow[] = store.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();
  const local = localKeyFingerprint();
  const trustedKeys = [...new Set([...(options.trustedKeys ?? []).map((k) => k.trim().toLowerCase()), ...(local ? [local] : [])])];
  const head = signedAuditHead(store);
  const claims: CheckpointClaim[] = [];
  const extra: AuditProblem[] = [];
  if (head) {
    const why =
      trustedKeys.length === 0
        ? 'no trusted key to check it with (pass --trusted-key <fingerprint>)'
        : headSignatureProblem(head, new Set(trustedKeys));
    claims.push({
      seq: head.seq,
      hash: head.hash,
      source: 'the signed head',
      signatureValid: why === null,
      ...(why ? { invalidReason: why } : {}),
      mustBeHead: true,
    });
  } else if (rows.length > 0) {
    extra.push({
      kind: 'no_signed_head',
      seq: 1,
      record: 'signed head',
      message: `no signed head for an audit trail of ${rows.length} events (removed, or written outside the services)`,
    });
  }
  for (const w of options.witnesses ?? [])
    claims.push({ seq: w.head.seq, hash: w.head.hash, source: `witness ${w.source}`, signatureValid: true });
  const chain = verifyAuditChain(rows, claims, sha256Hex);
  const problems: AuditProblem[] = [
    ...chain.problems.map((p) => ({
      kind: p.kind,
      seq: p.seq,
      record: p.kind === 'checkpoint_signature' ? 'signed head' : `audit_events seq ${p.seq}`,
      message: p.message,
    })),
    ...extra,
    ...verifyGovernanceState(store, rows).map((p) => ({ kind: p.kind, seq: p.seq, record: `${p.table} ${p.key}`, message: p.message })),
  ];
  const missing = missingTriggers(store).map((t) => t.name);
  for (const name of missing)
    problems.push({
      kind: 'trigger_missing',
      seq: null,
      record: `trigger ${name}`,
      message: `protective trigger ${name} is missing (dropped; it is restored when the store is next opened for writing)`,
    });
  const headValid = head !== null && claims[0]?.signatureValid === true;
  return {
    ok: problems.length === 0,
    eventsChecked: chain.eventsChecked,
    headSeq: chain.headSeq,
    headHash: chain.headHash,
    checkpointSeq: headValid ? head.seq : 0,
    signedHead: head,
    trustedKeys,
    witnessesChecked: options.witnesses?.length ?? 0,
    missingTriggers: missing,
    firstBad: problems[0] ?? null,
    problems,
  };
}
