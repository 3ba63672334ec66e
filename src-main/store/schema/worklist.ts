/**
 * Worklist state a reader would miss after a restart: who opened which study and the half-done
 * reading (draft) per reader, and the adjudication cases opened when a reading disagrees with the
 * model or with another reader. Every write is audited.
 */
import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const worklistStudyStates = sqliteTable(
  'worklist_study_states',
  {
    studyId: text('study_id').notNull(),
    /** The bundle the study was predicted with: a new review with another model starts a fresh state. */
    bundleHash: text('bundle_hash').notNull(),
    username: text('username').notNull(),
    inputSha256: text('input_sha256').notNull(),
    /** ISO 8601 UTC, the first time this reader opened the study. */
    openedAt: text('opened_at').notNull(),
    /** Canonical JSON of the labels set so far; null when there is no draft. */
    draftLabelsJson: text('draft_labels_json'),
    draftComment: text('draft_comment'),
    draftUpdatedAt: text('draft_updated_at'),
  },
  (t) => [primaryKey({ columns: [t.studyId, t.bundleHash, t.username] })],
);

export const adjudicationCases = sqliteTable(
  'adjudication_cases',
  {
    id: text('id').primaryKey(),
    studyId: text('study_id').notNull(),
    inputSha256: text('input_sha256').notNull(),
    bundleHash: text('bundle_hash').notNull(),
    /** 'model' (a reading contradicts the model's decision) or 'reader' (two readings contradict each other). */
    reason: text('reason').notNull(),
    /** JSON list of `{ label, a, b }`: the contradicting values (model decision or reading). */
    disagreementsJson: text('disagreements_json').notNull(),
    /** JSON list of the expert label set ids involved. */
    readingIdsJson: text('reading_ids_json').notNull(),
    openedAt: text('opened_at').notNull(),
    /** 'open' | 'resolved'. */
    status: text('status').notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    /** The expert label set the adjudicator saved; it is the study's final reading. */
    finalLabelSetId: text('final_label_set_id'),
  },
  (t) => [index('adjudication_cases_input_idx').on(t.inputSha256, t.bundleHash)],
);
