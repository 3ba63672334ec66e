/**
 * The governance state tables whose every row must be vouched for by the audit chain: each write
 * by a service appends an event carrying the row's content hash (`state` claims), and
 * `verifyGovernanceState` compares the tables with the last claim per (table, key). A dataset is
 * one record (`datasets`, keyed by id) covering its images, labels, split and quarantine rows.
 */
import { eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Store } from '../store/openStore';
import {
  changeRequests,
  gateEvaluations,
  gateSpecs,
  installationSettings,
  modelLocks,
  modelMetrics,
  models,
  recordSignatures,
  releasePolicies,
  signatures,
  thresholdRevalidations,
  users,
} from '../store/schema';
import { datasetStateHash, readDatasetStates } from './governedDatasets';
import { hashCanonical } from './sha256Hex';

export const governedTables = {
  users: { table: users, key: users.id, field: 'id' },
  models: { table: models, key: models.id, field: 'id' },
  model_metrics: { table: modelMetrics, key: modelMetrics.id, field: 'id' },
  signatures: { table: signatures, key: signatures.id, field: 'id' },
  gate_evaluations: { table: gateEvaluations, key: gateEvaluations.id, field: 'id' },
  model_locks: { table: modelLocks, key: modelLocks.modelId, field: 'modelId' },
  change_requests: { table: changeRequests, key: changeRequests.id, field: 'id' },
  threshold_revalidations: { table: thresholdRevalidations, key: thresholdRevalidations.id, field: 'id' },
  gate_specs: { table: gateSpecs, key: gateSpecs.id, field: 'id' },
  record_signatures: { table: recordSignatures, key: recordSignatures.id, field: 'id' },
  release_policies: { table: releasePolicies, key: releasePolicies.id, field: 'id' },
  installation_settings: { table: installationSettings, key: installationSettings.key, field: 'key' },
} satisfies Record<string, { table: SQLiteTable; key: SQLiteColumn; field: string }>;

/** Governed records hashed over several tables (see governedDatasets.ts). */
const governedRecords = {
  datasets: { claim: (store: Store, key: string) => datasetStateHash(store, Number(key)), readAll: readDatasetStates },
} satisfies Record<string, { claim(store: Store, key: string): string | null; readAll(store: Store): Map<string, string> }>;

export type GovernedTable = keyof typeof governedTables | keyof typeof governedRecords;

export const governedTableNames = [...Object.keys(governedTables), ...Object.keys(governedRecords)] as GovernedTable[];

/** One row's vouched-for state: its content hash, or null once deleted. */
export interface StateClaim {
  table: GovernedTable;
  key: string;
  hash: string | null;
}

/** Hash of a row exactly as the store returns it (so a re-read compares equal). */
export function rowHash(row: unknown): string {
  return hashCanonical(row);
}

/** The current state of one row, read back from the store inside the writer's transaction. */
export function claimRow(store: Store, table: GovernedTable, key: string): StateClaim {
  if (table === 'datasets') return { table, key, hash: governedRecords[table].claim(store, key) };
  const t = governedTables[table];
  const row = store.db.select().from(t.table).where(eq(t.key, key)).get();
  return { table, key, hash: row === undefined ? null : rowHash(row) };
}

/** Every row of a governed table, keyed by its primary key. */
export function readTableState(store: Store, table: GovernedTable): Map<string, string> {
  if (table === 'datasets') return governedRecords[table].readAll(store);
  const t = governedTables[table];
  const out = new Map<string, string>();
  for (const row of store.db.select().from(t.table).all() as Array<Record<string, unknown>>) out.set(String(row[t.field]), rowHash(row));
  return out;
}
