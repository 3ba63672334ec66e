/**
 * Expert labels from adjudication: one row per radiologist reading of a worklist study, bound to the
 * image bytes (input SHA-256) and to the bundle the case was predicted with, so a reading can later be
 * compared with exactly the prediction it adjudicated. Every insert is audited (`adjudication.record`).
 */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const expertLabelSets = sqliteTable(
  'expert_label_sets',
  {
    id: text('id').primaryKey(),
    /** The worklist study id (opaque id of the review-folder file) at the time of the reading. */
    studyId: text('study_id').notNull(),
    inputSha256: text('input_sha256').notNull(),
    bundleHash: text('bundle_hash').notNull(),
    readerUserId: text('reader_user_id').notNull(),
    readerUsername: text('reader_username').notNull(),
    readerPrintedName: text('reader_printed_name').notNull(),
    readerRole: text('reader_role').notNull(),
    /** ISO 8601 UTC. */
    adjudicatedAt: text('adjudicated_at').notNull(),
    /** Canonical JSON `{ [label]: 'positive' | 'negative' | 'uncertain' }`; labels not read are absent. */
    labelsJson: text('labels_json').notNull(),
    comment: text('comment').notNull(),
  },
  (t) => [index('expert_label_sets_input_idx').on(t.inputSha256), index('expert_label_sets_study_idx').on(t.studyId)],
);
