/**
 * Release policies: what a lock requires — which approved gate spec, which signature meanings by
 * which roles, distinct signers, and whether the model's author may approve it (no, by default).
 * A policy is created only by an admin with an e-signature, is immutable, and is fixed on a model
 * at registration, or is the installation default (changed only by an admin's signature). The
 * person locking never chooses it.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { canonicalJson, isRole, type Role } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { installationSettings, releasePolicies } from '../store/schema';
import { appendAuditEvent } from './auditTrail';
import { authorize } from './authorize';
import { gateSpecApproval, getGateSpec } from './gateSpecs';
import type { ModelRecord } from './modelRegistry';
import { insertRecordSignature } from './recordSignatures';
import { sha256Hex } from './sha256Hex';
import { authenticate } from './userAccounts';

export type SignatureMeaningRequired = 'authored' | 'reviewed' | 'approved';

export interface RequiredSignature {
  meaning: SignatureMeaningRequired;
  roles: Role[];
}

export interface ReleasePolicy {
  gateSpecId: string;
  requiredSignatures: RequiredSignature[];
  /** Separation of duties: each required signature from a different person. */
  distinctSigners: boolean;
  /** Whether the person who registered the model may give the `approved` signature (false by default). */
  authorMayApprove: boolean;
}

export type ReleasePolicyRecord = typeof releasePolicies.$inferSelect;
export const defaultPolicySettingKey = 'defaultReleasePolicyId';

/** Parses a policy document (YAML/JSON already parsed): { gateSpecId, requiredSignatures: [{meaning, roles}], distinctSigners?, authorMayApprove? }. */
export function parseReleasePolicy(raw: unknown, file: string): ReleasePolicy {
  const bad = (m: string): never => {
    throw new HilumError('CONFIG_INVALID', `${file}: ${m}`, { file });
  };
  if (typeof raw !== 'object' || raw === null) return bad('a release policy must be an object');
  const doc = raw as Record<string, unknown>;
  if (typeof doc.gateSpecId !== 'string' || doc.gateSpecId === '') bad('gateSpecId must name a registered, approved gate spec');
  if (!Array.isArray(doc.requiredSignatures) || doc.requiredSignatures.length === 0)
    return bad('requiredSignatures must be a non-empty list');
  const requiredSignatures = doc.requiredSignatures.map((r, i): RequiredSignature => {
    const e = (r ?? {}) as Record<string, unknown>;
    if (!['authored', 'reviewed', 'approved'].includes(String(e.meaning)))
      bad(`requiredSignatures[${i}].meaning must be authored, reviewed or approved`);
    if (!Array.isArray(e.roles) || e.roles.length === 0 || !e.roles.every(isRole)) bad(`requiredSignatures[${i}].roles must list roles`);
    return { meaning: e.meaning as SignatureMeaningRequired, roles: e.roles as Role[] };
  });
  if (!requiredSignatures.some((r) => r.meaning === 'approved')) bad('a release policy must require an "approved" signature');
  return {
    gateSpecId: doc.gateSpecId as string,
    requiredSignatures,
    distinctSigners: doc.distinctSigners === undefined ? true : doc.distinctSigners === true,
    authorMayApprove: doc.authorMayApprove === true,
  };
}

export function policyOf(record: ReleasePolicyRecord): ReleasePolicy {
  return JSON.parse(record.policyJson) as ReleasePolicy;
}

export function getReleasePolicy(store: Store, policyId: string): ReleasePolicyRecord {
  const row = store.db.select().from(releasePolicies).where(eq(releasePolicies.id, policyId)).get();
  if (!row) throw new HilumError('NOT_FOUND', `no release policy with id ${policyId}`, { policyId });
  return row;
}

interface AdminSignIn {
  username: string;
  password: string;
}

/** An admin creates a policy (password re-entered: the creation is their signature). Its gate spec must already be approved. */
export function createReleasePolicy(store: Store, input: AdminSignIn & { name: string; policy: ReleasePolicy }): ReleasePolicyRecord {
  const admin = authenticate(store, input.username, input.password);
  authorize(store, admin, 'policy.manage');
  if (input.name.trim().length < 2) throw new HilumError('INVALID_ARGUMENT', 'a release policy needs a name', {});
  return store.sqlite
    .transaction(() => {
      const spec = getGateSpec(store, input.policy.gateSpecId);
      if (!gateSpecApproval(store, spec))
        throw new HilumError('CONFLICT', `gate spec ${spec.name} v${spec.version} is not approved by QA: it cannot back a release policy`, {
          specId: spec.id,
        });
      const policyJson = canonicalJson(input.policy);
      const row: ReleasePolicyRecord = {
        id: randomUUID(),
        name: input.name.trim(),
        policyJson,
        policyHash: sha256Hex(policyJson),
        gateSpecId: spec.id,
        createdBy: admin.username,
        createdAt: new Date().toISOString(),
      };
      store.db.insert(releasePolicies).values(row).run();
      appendAuditEvent(store, {
        actor: admin.username,
        action: 'release_policy.create',
        recordType: 'release_policy',
        recordId: row.id,
        before: null,
        after: row,
        payload: { name: row.name, gateSpecId: spec.id, policyHash: row.policyHash },
        state: [{ table: 'release_policies', key: row.id }],
      });
      insertRecordSignature(store, admin, {
        recordType: 'release_policy',
        recordId: row.id,
        recordHash: row.policyHash,
        meaning: 'approved',
        statement: `I approve release policy "${row.name}" (SHA-256 ${row.policyHash}) as what locking a model requires.`,
      });
      return row;
    })
    .immediate();
}

/** An admin makes a policy the installation default (signed and audited; models registered without a policy use it). */
export function setDefaultReleasePolicy(store: Store, input: AdminSignIn & { policyId: string }): ReleasePolicyRecord {
  const admin = authenticate(store, input.username, input.password);
  authorize(store, admin, 'policy.manage');
  return store.sqlite
    .transaction(() => {
      const policy = getReleasePolicy(store, input.policyId);
      const before =
        store.db.select().from(installationSettings).where(eq(installationSettings.key, defaultPolicySettingKey)).get() ?? null;
      const row = { key: defaultPolicySettingKey, value: policy.id, setBy: admin.username, setAt: new Date().toISOString() };
      store.db.insert(installationSettings).values(row).onConflictDoUpdate({ target: installationSettings.key, set: row }).run();
      appendAuditEvent(store, {
        actor: admin.username,
        action: 'release_policy.setDefault',
        recordType: 'installation_setting',
        recordId: row.key,
        before,
        after: row,
        payload: { policyId: policy.id, previous: before?.value ?? null },
        state: [{ table: 'installation_settings', key: row.key }],
      });
      insertRecordSignature(store, admin, {
        recordType: 'installation_setting',
        recordId: row.key,
        recordHash: policy.policyHash,
        meaning: 'approved',
        statement: `I make release policy "${policy.name}" (SHA-256 ${policy.policyHash}) the installation default for locking models.`,
      });
      return policy;
    })
    .immediate();
}

/** The policy a model's lock is judged by: the one fixed at registration, else the installation default; null when neither exists. */
export function resolveReleasePolicy(store: Store, model: ModelRecord): ReleasePolicyRecord | null {
  const id =
    model.releasePolicyId ??
    store.db.select().from(installationSettings).where(eq(installationSettings.key, defaultPolicySettingKey)).get()?.value;
  return id ? getReleasePolicy(store, id) : null;
}
