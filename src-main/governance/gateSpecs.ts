/**
 * Gate specs as controlled records: a gates file is registered (name, version, content hash) and
 * becomes usable for a lock only once a QA user other than its registrant approves it with an
 * e-signature bound to its content hash.
 */
import { randomUUID } from 'node:crypto';
import { desc, eq, max } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { canonicalJson, type GateSpec } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { gateSpecs } from '../store/schema';
import { appendAuditEvent } from './auditTrail';
import { authorize } from './authorize';
import { insertRecordSignature, recordSignaturesFor, type RecordSignature } from './recordSignatures';
import { sha256Hex } from './sha256Hex';
import { authenticate, type User } from './userAccounts';

export type GateSpecRecord = typeof gateSpecs.$inferSelect;

export function gateSpecStatement(spec: GateSpecRecord): string {
  return `I approve gate spec "${spec.name}" version ${spec.version} (content SHA-256 ${spec.specHash}) as the acceptance criteria for releasing models. This electronic signature is the legally binding equivalent of my handwritten signature.`;
}

export function getGateSpec(store: Store, specId: string): GateSpecRecord {
  const row = store.db.select().from(gateSpecs).where(eq(gateSpecs.id, specId)).get();
  if (!row) throw new HilumError('NOT_FOUND', `no gate spec with id ${specId}`, { specId });
  return row;
}

export function listGateSpecs(store: Store): GateSpecRecord[] {
  return store.db.select().from(gateSpecs).orderBy(gateSpecs.name, desc(gateSpecs.version)).all();
}

/** Registers a spec (or returns the registered one with the same content): runs inside the caller's transaction when there is one. */
export function registerGateSpec(store: Store, by: User, spec: GateSpec): GateSpecRecord {
  authorize(store, by, 'gate.register');
  const specJson = canonicalJson(spec);
  const specHash = sha256Hex(specJson);
  return store.sqlite
    .transaction(() => {
      const existing = store.db.select().from(gateSpecs).where(eq(gateSpecs.specHash, specHash)).get();
      if (existing) return existing;
      const version =
        (store.db
          .select({ v: max(gateSpecs.version) })
          .from(gateSpecs)
          .where(eq(gateSpecs.name, spec.name))
          .get()?.v ?? 0) + 1;
      const row: GateSpecRecord = {
        id: randomUUID(),
        name: spec.name,
        version,
        specJson,
        specHash,
        registeredBy: by.username,
        registeredAt: new Date().toISOString(),
      };
      store.db.insert(gateSpecs).values(row).run();
      appendAuditEvent(store, {
        actor: by.username,
        action: 'gate_spec.register',
        recordType: 'gate_spec',
        recordId: row.id,
        before: null,
        after: row,
        payload: { name: row.name, version, specHash },
        state: [{ table: 'gate_specs', key: row.id }],
      });
      return row;
    })
    .immediate();
}

export function gateSpecApproval(store: Store, spec: GateSpecRecord): RecordSignature | null {
  return recordSignaturesFor(store, 'gate_spec', spec.id).find((s) => s.meaning === 'approved' && s.recordHash === spec.specHash) ?? null;
}

/** QA approval by e-signature (password re-entered); the registrant cannot approve their own spec. */
export function approveGateSpec(store: Store, input: { specId: string; username: string; password: string }): RecordSignature {
  const user = authenticate(store, input.username, input.password);
  authorize(store, user, 'gate.approve');
  return store.sqlite
    .transaction(() => {
      const spec = getGateSpec(store, input.specId);
      if (spec.registeredBy === user.username)
        throw new HilumError(
          'FORBIDDEN',
          `gate spec ${spec.name} v${spec.version} was registered by ${user.username}: another QA user must approve it`,
          { specId: spec.id, username: user.username },
        );
      if (gateSpecApproval(store, spec))
        throw new HilumError('CONFLICT', `gate spec ${spec.name} v${spec.version} is already approved`, { specId: spec.id });
      return insertRecordSignature(store, user, {
        recordType: 'gate_spec',
        recordId: spec.id,
        recordHash: spec.specHash,
        meaning: 'approved',
        statement: gateSpecStatement(spec),
      });
    })
    .immediate();
}
