/** The training-run table: create, finish, look up and list runs; every create and status change is audited. */
import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { HilumError, serializeError } from '../../src-core/errors';
import { appendAuditEvent } from '../governance/auditTrail';
import type { Store } from '../store/openStore';
import { trainingRuns } from '../store/schema/runs';

export type RunRecord = typeof trainingRuns.$inferSelect;
export type NewRun = Omit<
  RunRecord,
  'id' | 'status' | 'resultJson' | 'errorCode' | 'errorMessage' | 'createdAt' | 'finishedAt' | 'backend'
>;

export function newRunId(now = new Date()): string {
  return `run-${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}-${randomBytes(3).toString('hex')}`;
}

export function createRunRecord(store: Store, id: string, run: NewRun): RunRecord {
  const row: RunRecord = {
    ...run,
    id,
    status: 'running',
    backend: null,
    resultJson: null,
    errorCode: null,
    errorMessage: null,
    createdAt: new Date().toISOString(),
    finishedAt: null,
  };
  store.sqlite
    .transaction(() => {
      store.db.insert(trainingRuns).values(row).run();
      appendAuditEvent(store, {
        actor: run.createdBy,
        action: 'run.create',
        recordType: 'training_run',
        recordId: id,
        before: null,
        after: row,
        payload: { dataset: run.datasetName, datasetContentHash: run.datasetContentHash, configHash: run.configHash },
      });
    })
    .immediate();
  return row;
}

export function getRunRecord(store: Store, id: string): RunRecord {
  const row = store.db.select().from(trainingRuns).where(eq(trainingRuns.id, id)).get();
  if (!row) throw new HilumError('NOT_FOUND', `no training run with id ${id} (hilum runs list)`, { runId: id });
  return row;
}

export function listRunRecords(store: Store, dataset?: string): RunRecord[] {
  const query = store.db.select().from(trainingRuns);
  return (dataset ? query.where(eq(trainingRuns.datasetName, dataset)) : query).orderBy(desc(trainingRuns.createdAt)).all();
}

/** Marks a run running again (resume), succeeded, failed or cancelled. */
export function updateRunStatus(
  store: Store,
  id: string,
  actor: string,
  change: { status: RunRecord['status']; result?: unknown; error?: unknown; backend?: string; codeVersion?: string },
): RunRecord {
  return store.sqlite
    .transaction(() => {
      const before = getRunRecord(store, id);
      const error = change.error === undefined ? null : serializeError(change.error);
      const after: RunRecord = {
        ...before,
        status: change.status,
        finishedAt: change.status === 'running' ? null : new Date().toISOString(),
        resultJson: change.result === undefined ? before.resultJson : JSON.stringify(change.result),
        errorCode: error?.code ?? null,
        errorMessage: error?.message ?? null,
        backend: change.backend ?? before.backend,
        codeVersion: change.codeVersion ?? before.codeVersion,
      };
      store.db.update(trainingRuns).set(after).where(eq(trainingRuns.id, id)).run();
      appendAuditEvent(store, {
        actor,
        action: change.status === 'running' ? 'run.resume' : `run.${change.status}`,
        recordType: 'training_run',
        recordId: id,
        before,
        after,
        payload: { status: change.status, ...(error ? { error: error.code } : {}) },
      });
      return after;
    })
    .immediate();
}
