/**
 * Governance tables: users, the append-only audit trail and its signed checkpoints, the model
 * registry and its stored metrics, signatures, gate evaluations, locks and change requests.
 * Append-only and lock immutability are enforced by SQL triggers added by hand to the
 * governance migration (see docs/GOVERNANCE.md).
 */
import { integer, sqliteTable, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  fullName: text('full_name').notNull(),
  role: text('role', { enum: ['engineer', 'qa', 'radiologist', 'admin'] }).notNull(),
  /** `scrypt$N$r$p$saltB64$hashB64` (see src-main/governance/passwordHash.ts). */
  passwordHash: text('password_hash').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  disabledAt: text('disabled_at'),
});

/** Failed sign-in counters for lockout with backoff (not a governance record: every change to it is audited as auth.* events). */
export const loginFailures = sqliteTable('login_failures', {
  username: text('username').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailedAt: text('last_failed_at').notNull(),
  lockedUntil: text('locked_until'),
});

/** The signed head of the audit chain after the latest committed transaction (one row, id 1). */
export const auditHeads = sqliteTable('audit_heads', {
  id: integer('id').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
  at: text('at').notNull(),
  keyFingerprint: text('key_fingerprint').notNull(),
  publicKeyPem: text('public_key_pem').notNull(),
  signature: text('signature').notNull(),
});

/** Installation-wide governance settings (signing key fingerprint recorded at set-up, default release policy). */
export const installationSettings = sqliteTable('installation_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  setBy: text('set_by').notNull(),
  setAt: text('set_at').notNull(),
});

/** Registered gate specs (acceptance criteria): immutable; usable for a lock only once approved (gate_spec_approvals). */
export const gateSpecs = sqliteTable(
  'gate_specs',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    specJson: text('spec_json').notNull(),
    specHash: text('spec_hash').notNull(),
    registeredBy: text('registered_by').notNull(),
    registeredAt: text('registered_at').notNull(),
  },
  (t) => [uniqueIndex('gate_specs_name_version').on(t.name, t.version), uniqueIndex('gate_specs_hash').on(t.specHash)],
);

/** E-signatures on controlled records other than models (gate spec approvals, release policy approvals). */
export const recordSignatures = sqliteTable('record_signatures', {
  id: text('id').primaryKey(),
  recordType: text('record_type', { enum: ['gate_spec', 'release_policy', 'installation_setting'] }).notNull(),
  recordId: text('record_id').notNull(),
  recordHash: text('record_hash').notNull(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  printedName: text('printed_name').notNull(),
  role: text('role').notNull(),
  meaning: text('meaning').notNull(),
  statement: text('statement').notNull(),
  signedAt: text('signed_at').notNull(),
});

/** Release policies: what a lock requires (approved gate spec, signatures by roles, separation of duties). Immutable. */
export const releasePolicies = sqliteTable('release_policies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  policyJson: text('policy_json').notNull(),
  policyHash: text('policy_hash').notNull(),
  gateSpecId: text('gate_spec_id')
    .notNull()
    .references(() => gateSpecs.id),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
});

export const auditEvents = sqliteTable('audit_events', {
  seq: integer('seq').primaryKey(),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  recordType: text('record_type').notNull(),
  recordId: text('record_id').notNull(),
  beforeHash: text('before_hash'),
  afterHash: text('after_hash'),
  payloadJson: text('payload_json').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const auditCheckpoints = sqliteTable('audit_checkpoints', {
  id: integer('id').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
  at: text('at').notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});

export const installationKeys = sqliteTable('installation_keys', {
  keyId: text('key_id').primaryKey(),
  algorithm: text('algorithm').notNull(),
  publicKeyPem: text('public_key_pem').notNull(),
  createdAt: text('created_at').notNull(),
});

export const models = sqliteTable(
  'models',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    version: text('version').notNull(),
    predecessorId: text('predecessor_id'),
    bundlePath: text('bundle_path').notNull(),
    bundleHash: text('bundle_hash').notNull(),
    createdBy: text('created_by').notNull(),
    status: text('status', { enum: ['draft', 'locked', 'retired'] }).notNull(),
    createdAt: text('created_at').notNull(),
    /** The release policy fixed at registration; null = the installation default (itself set only by an admin's signature). */
    releasePolicyId: text('release_policy_id'),
  },
  (t) => [uniqueIndex('models_name_version').on(t.name, t.version)],
);

export const modelMetrics = sqliteTable(
  'model_metrics',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id')
      .notNull()
      .references(() => models.id),
    dataset: text('dataset').notNull(),
    kind: text('kind').notNull(),
    json: text('json').notNull(),
    sha256: text('sha256').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('model_metrics_model_dataset_kind').on(t.modelId, t.dataset, t.kind)],
);

export const signatures = sqliteTable(
  'signatures',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id')
      .notNull()
      .references(() => models.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    printedName: text('printed_name').notNull(),
    role: text('role').notNull(),
    meaning: text('meaning', { enum: ['authored', 'reviewed', 'approved', 'rejected', 'retired'] }).notNull(),
    signedAt: text('signed_at').notNull(),
    recordHash: text('record_hash').notNull(),
    bundleHash: text('bundle_hash').notNull(),
    metricsHash: text('metrics_hash').notNull(),
    comment: text('comment'),
    /** The latest gate evaluation when signing (null when none): a later evaluation supersedes the signature. */
    gateEvaluationId: text('gate_evaluation_id'),
    gateEvaluationHash: text('gate_evaluation_hash'),
    /** The statement of intent shown before signing and stored with it (Part 11 §11.50). */
    statement: text('statement'),
  },
  (t) => [index('signatures_model').on(t.modelId)],
);

export const gateEvaluations = sqliteTable(
  'gate_evaluations',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id')
      .notNull()
      .references(() => models.id),
    gatesName: text('gates_name').notNull(),
    gatesJson: text('gates_json').notNull(),
    gatesHash: text('gates_hash').notNull(),
    metricsHash: text('metrics_hash').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    resultsJson: text('results_json').notNull(),
    evaluatedBy: text('evaluated_by').notNull(),
    evaluatedAt: text('evaluated_at').notNull(),
    gateSpecId: text('gate_spec_id'),
    bundleHash: text('bundle_hash'),
  },
  (t) => [index('gate_evaluations_model').on(t.modelId)],
);

export const modelLocks = sqliteTable('model_locks', {
  modelId: text('model_id')
    .primaryKey()
    .references(() => models.id),
  lockedBy: text('locked_by').notNull(),
  lockedAt: text('locked_at').notNull(),
  bundleHash: text('bundle_hash').notNull(),
  metricsHash: text('metrics_hash').notNull(),
  gateEvaluationId: text('gate_evaluation_id').notNull(),
  signatureIdsJson: text('signature_ids_json').notNull(),
  changeRequestId: text('change_request_id'),
});

export const changeRequests = sqliteTable('change_requests', {
  id: text('id').primaryKey(),
  modelId: text('model_id')
    .notNull()
    .references(() => models.id),
  predecessorId: text('predecessor_id')
    .notNull()
    .references(() => models.id),
  reason: text('reason').notNull(),
  riskAssessment: text('risk_assessment').notNull(),
  whatChanged: text('what_changed').notNull(),
  diffJson: text('diff_json').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
});

export const thresholdRevalidations = sqliteTable('threshold_revalidations', {
  id: text('id').primaryKey(),
  modelId: text('model_id')
    .notNull()
    .references(() => models.id),
  thresholdsHash: text('thresholds_hash').notNull(),
  note: text('note').notNull(),
  revalidatedBy: text('revalidated_by').notNull(),
  revalidatedAt: text('revalidated_at').notNull(),
});
