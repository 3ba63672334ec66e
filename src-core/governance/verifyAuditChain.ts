/**
 * Walks an audit chain (rows in seq order) against its anchors (the signed head, older checkpoints,
 * witnessed heads) and reports the first record that breaks it, by seq and reason.
 */
import { auditHashInput, GENESIS_HASH, type AuditRow, type HashText } from './auditRecord';

export type ChainProblemKind =
  'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'truncated' | 'checkpoint_mismatch' | 'checkpoint_signature' | 'unsigned_tail';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The record (event seq) the problem is found at. */
  seq: number;
  message: string;
}

export interface CheckpointClaim {
  seq: number;
  hash: string;
  /** Where it came from (`table#3`, `file`), for the message. */
  source: string;
  /** Whether its Ed25519 signature verified against a trusted (pinned) key; a witness the user holds counts as valid. */
  signatureValid: boolean;
  /** Why it is not valid (untrusted key, bad signature), for the message. */
  invalidReason?: string;
  /** The signed head: every committed transaction moves it, so events after it were not written by the services. */
  mustBeHead?: boolean;
}

export interface ChainVerification {
  ok: boolean;
  eventsChecked: number;
  headSeq: number;
  headHash: string;
  /** The highest seq vouched for by a valid checkpoint (0 when none). */
  checkpointSeq: number;
  firstBad: ChainProblem | null;
  problems: ChainProblem[];
}

const maxProblems = 50;

export function verifyAuditChain(
  rows: readonly AuditRow[],
  checkpoints: readonly CheckpointClaim[],
  hashText: HashText,
): ChainVerification {
  const problems: ChainProblem[] = [];
  const hashAt = new Map<number, string>();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      const what =
        row.seq > expectedSeq
          ? `seq ${expectedSeq}${row.seq - 1 > expectedSeq ? `..${row.seq - 1}` : ''} missing (deleted?)`
          : `seq ${row.seq} out of order`;
      problems.push({ kind: 'seq_gap', seq: row.seq, message: `audit event ${row.seq}: expected seq ${expectedSeq}; ${what}` });
    }
    if (row.prevHash !== prevHash) {
      problems.push({
        kind: 'prev_hash_mismatch',
        seq: row.seq,
        message: `audit event ${row.seq}: prev_hash does not equal the hash of the event before it (inserted, deleted or reordered record)`,
      });
    }
    const computed = hashText(auditHashInput(row));
    if (computed !== row.hash) {
      problems.push({
        kind: 'hash_mismatch',
        seq: row.seq,
        message: `audit event ${row.seq}: content does not match its hash (record edited)`,
      });
    }
    hashAt.set(row.seq, row.hash);
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
    if (problems.length >= maxProblems) break;
  }
  const last = rows[rows.length - 1];
  const headSeq = last?.seq ?? 0;
  const headHash = last?.hash ?? GENESIS_HASH;
  let checkpointSeq = 0;
  for (const cp of checkpoints) {
    if (!cp.signatureValid) {
      problems.push({
        kind: 'checkpoint_signature',
        seq: cp.seq,
        message: `${cp.source} for seq ${cp.seq}: ${cp.invalidReason ?? 'signature does not verify with a trusted key'}`,
      });
      continue;
    }
    checkpointSeq = Math.max(checkpointSeq, cp.seq);
    const found = hashAt.get(cp.seq);
    if (cp.seq > headSeq) {
      problems.push({
        kind: 'truncated',
        seq: headSeq + 1,
        message: `audit trail truncated or rolled back: it ends at seq ${headSeq} but ${cp.source} vouches for seq ${cp.seq}; events ${headSeq + 1}..${cp.seq} are missing`,
      });
    } else if (found !== cp.hash) {
      problems.push({
        kind: 'checkpoint_mismatch',
        seq: cp.seq,
        message: `audit event ${cp.seq}: hash differs from the one vouched for by ${cp.source} (history rewritten at or before seq ${cp.seq})`,
      });
    } else if (cp.mustBeHead && headSeq > cp.seq) {
      problems.push({
        kind: 'unsigned_tail',
        seq: cp.seq + 1,
        message: `audit events ${cp.seq + 1}..${headSeq} come after the signed head (${cp.source}): appended outside the services`,
      });
    }
  }
  // The first bad record is the lowest seq; at one seq, prefer the most specific reason.
  const order: ChainProblemKind[] = [
    'seq_gap',
    'hash_mismatch',
    'prev_hash_mismatch',
    'checkpoint_mismatch',
    'truncated',
    'unsigned_tail',
    'checkpoint_signature',
  ];
  const sorted = [...problems].sort((a, b) => a.seq - b.seq || order.indexOf(a.kind) - order.indexOf(b.kind));
  return {
    ok: problems.length === 0,
    eventsChecked: rows.length,
    headSeq,
    headHash,
    checkpointSeq,
    firstBad: sorted[0] ?? null,
    problems: sorted,
  };
}
