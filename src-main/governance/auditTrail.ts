/**
 * The audit trail: `appendAuditEvent` chains each event to the one before (SHA-256 over canonical
 * JSON + prev hash) inside an IMMEDIATE transaction (or the caller's), records the content hash of
 * every governance row the write touched (`state` claims, checked by `hilum audit verify`), and
 * re-signs the head with the installation signing key in the same transaction — so every committed
 * transaction leaves a signed head (seq, hash) and a cut tail is detectable.
 */
import { sign, verify } from 'node:crypto';
import { HilumError } from '../../src-core/errors';
import { desc, eq } from 'drizzle-orm';
import { auditHashInput, canonicalJson, GENESIS_HASH, signedHeadSigningInput, type AuditRow } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { auditEvents, auditHeads, installationSettings } from '../store/schema';
import { claimRow, type GovernedTable, type StateClaim } from './governedTables';
import { hashCanonical, sha256Hex } from './sha256Hex';
import { loadSigningKey, type SigningKey } from './signingKey';

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
  /** Governance rows this write created, changed or deleted: their current content hash is chained (see governedTables.ts). */
  state?: Array<{ table: GovernedTable; key: string }>;
}

/** What `hilum audit head --json` prints and a witness file holds. */
export interface SignedAuditHead {
  seq: number;
  hash: string;
  at: string;
  keyFingerprint: string;
  publicKeyPem: string;
  signature: string;
}

export const signingKeySettingKey = 'auditSigningKeyFingerprint';

export function auditHead(store: Store): { seq: number; hash: string } {
  const row = store.db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get();
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

/** The stored signed head (null before the first event, or when it was removed). */
export function signedAuditHead(store: Store): SignedAuditHead | null {
  const row = store.db.select().from(auditHeads).where(eq(auditHeads.id, 1)).get();
  if (!row) return null;
  const { id: _id, ...head } = row;
  return head;
}

function hashOrNull(value: unknown, given: string | null | undefined): string | null {
  if (given !== undefined) return given;
  return value === undefined || value === null ? null : hashCanonical(value);
}

function payloadWithState(payload: unknown, claims: StateClaim[]): string {
  if (claims.length === 0) return canonicalJson(payload ?? {});
  const base =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload : payload === undefined ? {} : { value: payload };
  return canonicalJson({ ...base, state: claims });
}

/**
 * Refuses to extend a chain whose head is not the one this key signed last: otherwise the next
 * signed head would launder an edit, a cut tail or an inserted event made outside the services.
 */
function assertHeadIntact(store: Store, head: { seq: number; hash: string }, key: SigningKey): void {
  const signed = signedAuditHead(store);
  if (!signed && head.seq === 0) return;
  // A trail written before signed heads existed is adopted once: no key recorded and no state claim
  // anywhere. Faking that (deleting the head, the recorded key and every claim, then rehashing) leaves
  // every governance row without a claim, which `audit verify` reports row by row.
  if (!signed && isLegacyTrail(store)) return;
  let why: string | null = null;
  if (!signed) why = `the trail has ${head.seq} events but no signed head`;
  else if (signed.seq !== head.seq || signed.hash !== head.hash)
    why = `the chain ends at seq ${head.seq}, the signed head is at seq ${signed.seq}`;
  else if (
    signed.keyFingerprint !== key.fingerprint ||
    !verify(null, Buffer.from(signedHeadSigningInput(signed)), key.publicKey, Buffer.from(signed.signature, 'base64'))
  ) {
    why = `the signed head at seq ${signed.seq} was not signed by this installation's key ${key.fingerprint}`;
  }
  if (why)
    throw new HilumError(
      'AUDIT_CHAIN_BROKEN',
      `audit trail in ${store.dataDir} was changed outside Hilum: ${why}. Run \`hilum audit verify\`.`,
      { dataDir: store.dataDir },
    );
}

/** A trail from before signed heads and state claims: no key fingerprint recorded, no event carrying claims. */
export function isLegacyTrail(store: Store): boolean {
  if (store.db.select().from(installationSettings).where(eq(installationSettings.key, signingKeySettingKey)).get()) return false;
  return !store.sqlite.prepare(`SELECT 1 FROM audit_events WHERE payload_json LIKE '%"state":[{%' LIMIT 1`).get();
}

/**
 * For a store upgraded from before state claims: when it started signing (rows older than this have
 * no claim). Null for an installation that signed from its first event, where no row is exempt.
 */
export function signingSince(store: Store): string | null {
  const first = store.db.select({ payloadJson: auditEvents.payloadJson }).from(auditEvents).where(eq(auditEvents.seq, 1)).get();
  if (!first || stateClaimsOf(first).length > 0) return null;
  return store.db.select().from(installationSettings).where(eq(installationSettings.key, signingKeySettingKey)).get()?.setAt ?? null;
}

/** For readers that act on governance state (serving): the trail ends at the head this installation signed. */
export function assertAuditHeadIntact(store: Store): void {
  assertHeadIntact(store, auditHead(store), loadSigningKey(store.dataDir));
}

export function appendAuditEvent(store: Store, event: AuditEventInput): AuditRow {
  return appendAuditEvents(store, [event])[0]!;
}

/**
 * Appends several events in one IMMEDIATE transaction (or the caller's) and signs the head once, at
 * the last of them: a batch (e.g. every inference of one `hilum predict`) pays one head check and
 * one Ed25519 signature instead of one per event. All or none of the batch commits.
 */
export function appendAuditEvents(store: Store, events: readonly AuditEventInput[]): AuditRow[] {
  if (events.length === 0) return [];
  const key = loadSigningKey(store.dataDir);
  const append = store.sqlite.transaction(() => {
    let head = auditHead(store);
    assertHeadIntact(store, head, key);
    // Set-up (once per batch): the first signed event records which key signs this installation's heads.
    let setUp = store.db.select().from(installationSettings).where(eq(installationSettings.key, signingKeySettingKey)).get() !== undefined;
    const rows = events.map((event) => {
      const full = chainEvent(store, head, event, key, setUp);
      setUp = true;
      head = full;
      return full;
    });
    signHead(store, rows.at(-1)!, key);
    return rows;
  });
  return withWriteLock(store, () => append.immediate());
}

/**
 * SQLite's busy handler is not fair: a process appending in a tight loop can re-take the write lock every time
 * it commits, so another writer's BEGIN IMMEDIATE may wait out the whole busy_timeout and fail with SQLITE_BUSY.
 * Nothing was written when BEGIN fails, so it is retried (up to 60 s in all) instead of losing the event. Inside
 * a caller's transaction the lock is already held and no retry is needed.
 */
function withWriteLock<T>(store: Store, write: () => T): T {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return write();
    } catch (error) {
      const busy = (error as { code?: string }).code === 'SQLITE_BUSY';
      if (!busy || store.sqlite.inTransaction || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.floor(Math.random() * 20));
    }
  }
}

function chainEvent(store: Store, head: { seq: number; hash: string }, event: AuditEventInput, key: SigningKey, setUp: boolean): AuditRow {
  const claims = (event.state ?? []).map((s) => claimRow(store, s.table, s.key));
  // The key fingerprint is printed on cards and exports, so it is recorded (and claimed) with the first event.
  if (!setUp) {
    store.db
      .insert(installationSettings)
      .values({ key: signingKeySettingKey, value: key.fingerprint, setBy: event.actor, setAt: new Date().toISOString() })
      .run();
    claims.push(claimRow(store, 'installation_settings', signingKeySettingKey));
  }
  const unsigned: Omit<AuditRow, 'hash'> = {
    seq: head.seq + 1,
    at: new Date().toISOString(),
    actor: event.actor,
    action: event.action,
    recordType: event.recordType,
    recordId: event.recordId,
    beforeHash: hashOrNull(event.before, event.beforeHash),
    afterHash: hashOrNull(event.after, event.afterHash),
    payloadJson: payloadWithState(event.payload, claims),
    prevHash: head.hash,
  };
  const full: AuditRow = { ...unsigned, hash: sha256Hex(auditHashInput(unsigned)) };
  store.db.insert(auditEvents).values(full).run();
  return full;
}

/** Re-signed at the end of every append: what commits is the signed head of the whole (outermost) transaction. */
function signHead(store: Store, head: AuditRow, key: SigningKey): void {
  const at = new Date().toISOString();
  const signature = sign(
    null,
    Buffer.from(signedHeadSigningInput({ seq: head.seq, hash: head.hash, at, keyFingerprint: key.fingerprint })),
    key.privateKey,
  ).toString('base64');
  const signed = { id: 1, seq: head.seq, hash: head.hash, at, keyFingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem, signature };
  store.db.insert(auditHeads).values(signed).onConflictDoUpdate({ target: auditHeads.id, set: signed }).run();
}

/** The state claims an event carries (empty for events without any). */
export function stateClaimsOf(row: Pick<AuditRow, 'payloadJson'>): StateClaim[] {
  try {
    const payload = JSON.parse(row.payloadJson) as { state?: unknown };
    return Array.isArray(payload.state) ? (payload.state as StateClaim[]) : [];
  } catch {
    // An unparsable payload is reported by the chain check (its hash no longer matches or it was written so).
    return [];
  }
}
