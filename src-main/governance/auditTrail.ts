/**
 * The audit trail: `appendAuditEvent` chains each event to the one before (SHA-256 over canonical
 * JSON + prev hash) inside an IMMEDIATE transaction (or the caller's), and every
 * `checkpointEvery` events signs a checkpoint with the installation key so a truncated tail is
 * detectable. Other services call `appendAuditEvent` (e.g. one row per inference).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sign } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { auditHashInput, canonicalJson, checkpointSigningInput, GENESIS_HASH, type AuditRow } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { auditCheckpoints, auditEvents } from '../store/schema';
import { governanceDir, loadInstallationKey } from './installationKey';
import { hashCanonical, sha256Hex } from './sha256Hex';

export interface AuditEventInput {
  actor: string;
  action: string;
  recordType: string;
  recordId: string;
  /** The record before / after the change (hashed, not stored), or give the hashes directly. */
  before?: unknown;
  after?: unknown;
  beforeHash?: string | null;
  afterHash?: string | null;
  payload?: unknown;
}

export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

/** Events between automatic checkpoints. */
export const checkpointEvery = 100;

export function auditHead(store: Store): { seq: number; hash: string } {
  const row = store.db.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

function hashOrNull(value: unknown, given: string | null | undefined): string | null {
  if (given !== undefined) return given;
  return value === undefined || value === null ? null : hashCanonical(value);
}

export function appendAuditEvent(store: Store, event: AuditEventInput): AuditRow {
  const topLevel = !store.sqlite.inTransaction;
  let checkpoint: AuditCheckpoint | null = null;
  const row = store.sqlite.transaction(() => {
    const head = auditHead(store);
    const unsigned: Omit<AuditRow, 'hash'> = {
      seq: head.seq + 1, at: new Date().toISOString(), actor: event.actor, action: event.action,
      recordType: event.recordType, recordId: event.recordId,
      beforeHash: hashOrNull(event.before, event.beforeHash), afterHash: hashOrNull(event.after, event.afterHash),
      payloadJson: canonicalJson(event.payload ?? {}), prevHash: head.hash,
    };
    const full: AuditRow = { ...unsigned, hash: sha256Hex(auditHashInput(unsigned)) };
    store.db.insert(auditEvents).values(full).run();
    if (full.seq % checkpointEvery === 0) checkpoint = insertCheckpoint(store, full.seq, full.hash);
    return full;
  }).immediate();
  // The file copy of the latest checkpoint is written only after our own commit: inside a caller's
  // transaction a rollback could otherwise leave the file vouching for events that never existed.
  if (topLevel && checkpoint) writeCheckpointFile(store, checkpoint);
  return row;
}

function insertCheckpoint(store: Store, seq: number, hash: string): AuditCheckpoint {
  const key = loadInstallationKey(store);
  const at = new Date().toISOString();
  const signature = sign(null, Buffer.from(checkpointSigningInput({ seq, hash, at, keyId: key.keyId })), key.privateKey).toString('base64');
  const cp = { seq, hash, at, keyId: key.keyId, signature };
  store.db.insert(auditCheckpoints).values(cp).run();
  return cp;
}

/** Signs a checkpoint at the current head now (on demand; `hilum audit checkpoint`). */
export function createAuditCheckpoint(store: Store): AuditCheckpoint | null {
  if (store.sqlite.inTransaction) throw new Error('createAuditCheckpoint must not run inside a transaction');
  const cp = store.sqlite.transaction(() => {
    const head = auditHead(store);
    return head.seq === 0 ? null : insertCheckpoint(store, head.seq, head.hash);
  }).immediate();
  if (cp) writeCheckpointFile(store, cp);
  return cp;
}

export function checkpointFile(dataDir: string): string {
  return path.join(governanceDir(dataDir), 'audit-checkpoint.json');
}

/** Atomic replace (write, fsync, rename), and never moves the file backwards. */
function writeCheckpointFile(store: Store, cp: AuditCheckpoint): void {
  const file = checkpointFile(store.dataDir);
  const current = readCheckpointFile(store.dataDir);
  if (current && current.seq >= cp.seq) return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(cp, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export function readCheckpointFile(dataDir: string): AuditCheckpoint | null {
  const file = checkpointFile(dataDir);
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as AuditCheckpoint;
  } catch {
    // An unreadable file vouches for nothing; verification reports it through the signature check.
    return { seq: 0, hash: '', at: '', keyId: '', signature: '' };
  }
}
