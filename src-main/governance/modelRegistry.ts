/**
 * The model registry: models (name, version, predecessor, bundle path and hash, status) and their
 * stored metrics JSON per (dataset, kind). `registerModel` and `recordModelMetrics` are the entry
 * points for the training, bundle and evaluation services. Every write is audited.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { canonicalJson, type MetricsByKind } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { modelMetrics, models, releasePolicies } from '../store/schema';
import { appendAuditEvent } from './auditTrail';
import { hashCanonical, sha256Hex } from './sha256Hex';
import type { User } from './userAccounts';
import { authorize } from './authorize';

export type ModelRecord = typeof models.$inferSelect;
export type ModelMetricsRow = typeof modelMetrics.$inferSelect;

export interface RegisterModelInput {
  name: string;
  version: string;
  bundlePath: string;
  bundleHash: string;
  predecessorId?: string | null;
  /** The release policy this model's lock will be judged by (default: the installation default at lock time). */
  releasePolicyId?: string | null;
}

/** Dataset name for model-wide documents (training recipe, data provenance, intended use, thresholds). */
export const MODEL_WIDE = '*';

export function getModel(store: Store, modelId: string): ModelRecord {
  const row = store.db.select().from(models).where(eq(models.id, modelId)).get();
  if (!row) throw new HilumError('NOT_FOUND', `no model with id ${modelId}`, { modelId });
  return row;
}

export function listModels(store: Store): ModelRecord[] {
  return store.db.select().from(models).orderBy(asc(models.createdAt)).all();
}

export function registerModel(store: Store, by: User, input: RegisterModelInput): ModelRecord {
  authorize(store, by, 'model.register');
  if (!/^[0-9a-f]{64}$/.test(input.bundleHash))
    throw new HilumError('INVALID_ARGUMENT', `bundle hash must be 64 lowercase hex characters (SHA-256), got "${input.bundleHash}"`, {
      bundleHash: input.bundleHash,
    });
  if (!input.name.trim() || !input.version.trim()) throw new HilumError('INVALID_ARGUMENT', 'model name and version are required', {});
  return store.sqlite
    .transaction(() => {
      if (input.predecessorId) getModel(store, input.predecessorId);
      if (input.releasePolicyId && !store.db.select().from(releasePolicies).where(eq(releasePolicies.id, input.releasePolicyId)).get()) {
        throw new HilumError('NOT_FOUND', `no release policy with id ${input.releasePolicyId}`, { policyId: input.releasePolicyId });
      }
      if (
        store.db
          .select()
          .from(models)
          .where(and(eq(models.name, input.name), eq(models.version, input.version)))
          .get()
      ) {
        throw new HilumError('CONFLICT', `model ${input.name} version ${input.version} already exists`, {
          name: input.name,
          version: input.version,
        });
      }
      // A new version of a name that has a locked (or retired) model follows change control even when
      // no predecessor is given: the latest such model becomes its predecessor.
      const predecessorId = input.predecessorId ?? latestReleasedOfName(store, input.name)?.id ?? null;
      const row: ModelRecord = {
        id: randomUUID(),
        name: input.name,
        version: input.version,
        predecessorId,
        bundlePath: input.bundlePath,
        bundleHash: input.bundleHash,
        createdBy: by.username,
        status: 'draft',
        createdAt: new Date().toISOString(),
        releasePolicyId: input.releasePolicyId ?? null,
      };
      store.db.insert(models).values(row).run();
      appendAuditEvent(store, {
        actor: by.username,
        action: 'model.register',
        recordType: 'model',
        recordId: row.id,
        before: null,
        after: row,
        payload: {
          name: row.name,
          version: row.version,
          bundleHash: row.bundleHash,
          predecessorId: row.predecessorId,
          releasePolicyId: row.releasePolicyId,
        },
        state: [{ table: 'models', key: row.id }],
      });
      return row;
    })
    .immediate();
}

/**
 * Stores (or replaces, while the model is a draft) one metrics document. `dataset` is the dataset
 * or split name (`external`, `internal-test`), or MODEL_WIDE for model-wide documents.
 */
export function recordModelMetrics(
  store: Store,
  by: User,
  modelId: string,
  kind: string,
  json: unknown,
  dataset: string = MODEL_WIDE,
): ModelMetricsRow {
  authorize(store, by, 'model.recordMetrics');
  if (!/^[A-Za-z0-9._-]+$/.test(kind))
    throw new HilumError('INVALID_ARGUMENT', `metrics kind "${kind}" must be letters, digits, . _ -`, { kind });
  if (!/^([A-Za-z0-9._-]+|\*)$/.test(dataset))
    throw new HilumError('INVALID_ARGUMENT', `dataset name "${dataset}" must be letters, digits, . _ - (or *)`, { dataset });
  const text = canonicalJson(json);
  return store.sqlite
    .transaction(() => {
      const model = getModel(store, modelId);
      if (model.status !== 'draft')
        throw new HilumError('MODEL_LOCKED', `model ${model.name} ${model.version} is ${model.status}: its metrics cannot change`, {
          modelId,
        });
      const existing = store.db
        .select()
        .from(modelMetrics)
        .where(and(eq(modelMetrics.modelId, modelId), eq(modelMetrics.dataset, dataset), eq(modelMetrics.kind, kind)))
        .get();
      const row: ModelMetricsRow = {
        id: existing?.id ?? randomUUID(),
        modelId,
        dataset,
        kind,
        json: text,
        sha256: sha256Hex(text),
        recordedBy: by.username,
        recordedAt: new Date().toISOString(),
      };
      if (existing) store.db.update(modelMetrics).set(row).where(eq(modelMetrics.id, existing.id)).run();
      else store.db.insert(modelMetrics).values(row).run();
      appendAuditEvent(store, {
        actor: by.username,
        action: existing ? 'metrics.update' : 'metrics.create',
        recordType: 'model_metrics',
        recordId: row.id,
        beforeHash: existing?.sha256 ?? null,
        afterHash: row.sha256,
        payload: { modelId, dataset, kind },
        state: [{ table: 'model_metrics', key: row.id }],
      });
      return row;
    })
    .immediate();
}

/** The most recently registered locked or retired model of a name (null when none). */
export function latestReleasedOfName(store: Store, name: string, exceptId?: string): ModelRecord | null {
  const rows = store.db
    .select()
    .from(models)
    .where(and(eq(models.name, name), ne(models.status, 'draft')))
    .orderBy(desc(models.createdAt))
    .all();
  return rows.find((m) => m.id !== exceptId) ?? null;
}

export function loadModelMetrics(store: Store, modelId: string): MetricsByKind {
  const out: MetricsByKind = {};
  for (const row of store.db.select().from(modelMetrics).where(eq(modelMetrics.modelId, modelId)).all()) {
    (out[row.kind] ??= {})[row.dataset] = JSON.parse(row.json) as unknown;
  }
  return out;
}

/** SHA-256 over canonical JSON of every stored document's (dataset, kind, sha256): what a signature covers besides the bundle. */
export function modelMetricsHash(store: Store, modelId: string): string {
  const rows = store.db
    .select({ dataset: modelMetrics.dataset, kind: modelMetrics.kind, sha256: modelMetrics.sha256 })
    .from(modelMetrics)
    .where(eq(modelMetrics.modelId, modelId))
    .all();
  rows.sort((a, b) => (a.kind + '\u0000' + a.dataset < b.kind + '\u0000' + b.dataset ? -1 : 1));
  return hashCanonical(rows);
}

/** The hash a signature is bound to: this model's identity, bundle hash and metrics hash. */
export function signedRecordHash(model: ModelRecord, metricsHash: string): string {
  return hashCanonical({
    type: 'hilum-model-record',
    modelId: model.id,
    name: model.name,
    version: model.version,
    bundleHash: model.bundleHash,
    metricsHash,
  });
}
