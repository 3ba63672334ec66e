/** System tables: this installation, and the record of every worker job it ran. */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const installation = sqliteTable('installation', {
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull(),
  hilumVersion: text('hilum_version').notNull(),
});

export const jobRuns = sqliteTable('job_runs', {
  id: text('id').primaryKey(),
  job: text('job').notNull(),
  status: text('status', { enum: ['running', 'succeeded', 'failed', 'cancelled'] }).notNull(),
  paramsJson: text('params_json').notNull(),
  resultJson: text('result_json'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  durationMs: integer('duration_ms'),
});
