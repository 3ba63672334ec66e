/**
 * Adjudication cases: a reading that contradicts the model's decision, or another reader's reading of
 * the same image and bundle, opens a case; a reading by a radiologist who is not one of the case's
 * readers resolves it and becomes the study's final reading. Opening and resolving are audited.
 */
import { and, desc, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { appendAuditEvent } from '../governance/auditTrail';
import type { Store } from '../store/openStore';
import { adjudicationCases } from '../store/schema';
import { findDisagreements, type Disagreement } from './findDisagreements';
import { listAdjudications, type Adjudication } from './listAdjudications';

export interface AdjudicationCase {
  caseId: string;
  studyId: string;
  reason: 'model' | 'reader';
  status: 'open' | 'resolved';
  disagreements: Disagreement[];
  readingIds: string[];
  openedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  finalLabelSetId: string | null;
}

type Row = typeof adjudicationCases.$inferSelect;

function toCase(row: Row): AdjudicationCase {
  return {
    caseId: row.id,
    studyId: row.studyId,
    reason: row.reason as AdjudicationCase['reason'],
    status: row.status as AdjudicationCase['status'],
    disagreements: JSON.parse(row.disagreementsJson) as Disagreement[],
    readingIds: JSON.parse(row.readingIdsJson) as string[],
    openedAt: row.openedAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
    finalLabelSetId: row.finalLabelSetId,
  };
}

/** Cases, open ones first, newest first; optionally of one image and bundle. */
export function listCases(store: Store, of?: { inputSha256: string; bundleHash: string }): AdjudicationCase[] {
  const t = adjudicationCases;
  const query = store.db.select().from(t);
  const rows = (of ? query.where(and(eq(t.inputSha256, of.inputSha256), eq(t.bundleHash, of.bundleHash))) : query)
    .orderBy(desc(t.openedAt))
    .all();
  return rows.map(toCase).sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open'));
}

/** The image's open case, or its latest one. */
export function currentCase(store: Store, of: { inputSha256: string; bundleHash: string }): AdjudicationCase | null {
  return listCases(store, of)[0] ?? null;
}

function readerIdsOf(store: Store, c: AdjudicationCase): Set<string> {
  const ids = new Set(c.readingIds);
  return new Set(
    listAdjudications(store)
      .filter((a) => ids.has(a.id))
      .map((a) => a.reader.username),
  );
}

/**
 * Routes a just-stored reading: resolves the open case when the reader is not one of its readers, else
 * opens a case when the reading contradicts another reader's latest reading or the model's decisions.
 * Returns the case it opened or resolved (or the open case it joined), or null.
 */
export function routeReading(store: Store, reading: Adjudication, modelDecisions: Record<string, string>): AdjudicationCase | null {
  const of = { inputSha256: reading.inputSha256, bundleHash: reading.bundleHash };
  const open = listCases(store, of).find((c) => c.status === 'open');
  if (open) return readerIdsOf(store, open).has(reading.reader.username) ? open : resolveCase(store, open, reading);
  const others = listAdjudications(store, { inputSha256: reading.inputSha256 }).filter(
    (a) => a.bundleHash === reading.bundleHash && a.reader.username !== reading.reader.username,
  );
  for (const other of others) {
    const disagreements = findDisagreements(
      { from: other.reader.username, calls: other.labels },
      { from: reading.reader.username, calls: reading.labels },
    );
    if (disagreements.length) return openCase(store, reading, 'reader', disagreements, [other.id, reading.id]);
  }
  const withModel = findDisagreements({ from: 'model', calls: modelDecisions }, { from: reading.reader.username, calls: reading.labels });
  return withModel.length ? openCase(store, reading, 'model', withModel, [reading.id]) : null;
}

function openCase(
  store: Store,
  reading: Adjudication,
  reason: AdjudicationCase['reason'],
  disagreements: Disagreement[],
  readingIds: string[],
) {
  const row: Row = {
    id: randomUUID(),
    studyId: reading.studyId,
    inputSha256: reading.inputSha256,
    bundleHash: reading.bundleHash,
    reason,
    disagreementsJson: JSON.stringify(disagreements),
    readingIdsJson: JSON.stringify(readingIds),
    openedAt: new Date().toISOString(),
    status: 'open',
    resolvedAt: null,
    resolvedBy: null,
    finalLabelSetId: null,
  };
  store.sqlite
    .transaction(() => {
      store.db.insert(adjudicationCases).values(row).run();
      appendAuditEvent(store, {
        actor: reading.reader.username,
        action: 'disagreement.open',
        recordType: 'adjudication_case',
        recordId: row.id,
        after: row,
        payload: { reason, disagreements },
      });
    })
    .immediate();
  return toCase(row);
}

function resolveCase(store: Store, open: AdjudicationCase, reading: Adjudication): AdjudicationCase {
  const set = {
    status: 'resolved',
    resolvedAt: new Date().toISOString(),
    resolvedBy: reading.reader.username,
    finalLabelSetId: reading.id,
  };
  store.sqlite
    .transaction(() => {
      store.db.update(adjudicationCases).set(set).where(eq(adjudicationCases.id, open.caseId)).run();
      appendAuditEvent(store, {
        actor: reading.reader.username,
        action: 'disagreement.resolve',
        recordType: 'adjudication_case',
        recordId: open.caseId,
        before: { status: 'open' },
        after: set,
      });
    })
    .immediate();
  return { ...open, ...set, status: 'resolved' };
}
