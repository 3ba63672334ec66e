/**
 * Per reader and study, what must survive a restart: that the reader opened it, and the half-done
 * reading (draft). Keyed by study, bundle and reader; every write is audited.
 */
import { and, eq } from 'drizzle-orm';
import { canonicalJson } from '../../src-core/governance';
import { appendAuditEvent } from '../governance/auditTrail';
import type { Store } from '../store/openStore';
import { worklistStudyStates } from '../store/schema';
import type { ExpertState } from './listAdjudications';

export interface StudyKey {
  studyId: string;
  bundleHash: string;
  inputSha256: string;
}

export interface ReadingDraft {
  labels: Record<string, ExpertState>;
  comment: string;
  updatedAt: string;
}

type Row = typeof worklistStudyStates.$inferSelect;

function rowOf(store: Store, key: StudyKey, username: string): Row | undefined {
  const t = worklistStudyStates;
  return store.db
    .select()
    .from(t)
    .where(and(eq(t.studyId, key.studyId), eq(t.bundleHash, key.bundleHash), eq(t.username, username)))
    .get();
}

function recordId(key: StudyKey, username: string): string {
  return `${key.studyId}:${key.bundleHash.slice(0, 16)}:${username}`;
}

/** Records the first time `username` opened the study (later opens change nothing). */
export function markStudyOpened(store: Store, key: StudyKey, username: string): void {
  if (rowOf(store, key, username)) return;
  const row: Row = {
    ...key,
    username,
    openedAt: new Date().toISOString(),
    draftLabelsJson: null,
    draftComment: null,
    draftUpdatedAt: null,
  };
  store.sqlite
    .transaction(() => {
      store.db.insert(worklistStudyStates).values(row).run();
      appendAuditEvent(store, {
        actor: username,
        action: 'worklist.open',
        recordType: 'worklist_study_state',
        recordId: recordId(key, username),
        after: row,
      });
    })
    .immediate();
}

/** Stores (or, with `null`, clears) the reader's draft of the study. */
export function saveReadingDraft(
  store: Store,
  key: StudyKey,
  username: string,
  draft: Omit<ReadingDraft, 'updatedAt'> | null,
): ReadingDraft | null {
  markStudyOpened(store, key, username);
  const before = rowOf(store, key, username)!;
  const updatedAt = new Date().toISOString();
  const set = draft
    ? { draftLabelsJson: canonicalJson(draft.labels), draftComment: draft.comment, draftUpdatedAt: updatedAt }
    : { draftLabelsJson: null, draftComment: null, draftUpdatedAt: null };
  const t = worklistStudyStates;
  store.sqlite
    .transaction(() => {
      store.db
        .update(t)
        .set(set)
        .where(and(eq(t.studyId, key.studyId), eq(t.bundleHash, key.bundleHash), eq(t.username, username)))
        .run();
      appendAuditEvent(store, {
        actor: username,
        action: draft ? 'reading.draft' : 'reading.draftCleared',
        recordType: 'worklist_study_state',
        recordId: recordId(key, username),
        before,
        after: { ...before, ...set },
      });
    })
    .immediate();
  return draft ? { ...draft, updatedAt } : null;
}

export function readingDraftOf(store: Store, key: StudyKey, username: string): ReadingDraft | null {
  const row = rowOf(store, key, username);
  if (!row?.draftLabelsJson || !row.draftUpdatedAt) return null;
  return {
    labels: JSON.parse(row.draftLabelsJson) as Record<string, ExpertState>,
    comment: row.draftComment ?? '',
    updatedAt: row.draftUpdatedAt,
  };
}

/** Every state of one bundle's review: which studies each reader opened and which have drafts. */
export function studyStatesOf(store: Store, bundleHash: string): Row[] {
  return store.db.select().from(worklistStudyStates).where(eq(worklistStudyStates.bundleHash, bundleHash)).all();
}
