/**
 * Training-run tables: one row per `hilum train --dataset` run with its lineage (dataset content hash,
 * split seed, config hash, code version, backend) and status, the bundles built from runs, and the
 * paired model comparisons of `hilum compare`.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const trainingRuns = sqliteTable(
  'training_runs',
  {
    id: text('id').primaryKey(),
    datasetName: text('dataset_name').notNull(),
    /** SHA-256 over the dataset's images (content hash, split) and label states, in image order. */
    datasetContentHash: text('dataset_content_hash').notNull(),
    splitSeed: integer('split_seed'),
    /** SHA-256 of the canonical JSON of the resolved config (without its output directory). */
    configHash: text('config_hash').notNull(),
    configJson: text('config_json').notNull(),
    /** JSON PreprocessingSpec: what training read, and what the bundle will serve. */
    preprocessingJson: text('preprocessing_json').notNull(),
    codeVersion: text('code_version').notNull(),
    backend: text('backend'),
    runDir: text('run_dir').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed', 'cancelled'] }).notNull(),
    /** JSON: the train job's result (epochs, best epoch and metric, weight files). */
    resultJson: text('result_json'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('training_runs_dataset_idx').on(t.datasetName)],
);

export const runBundles = sqliteTable(
  'run_bundles',
  {
    bundleHash: text('bundle_hash').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => trainingRuns.id),
    bundleDir: text('bundle_dir').notNull(),
    /** best | last | ema | swa. */
    weights: text('weights').notNull(),
    /** JSON: the decision rules' options (threshold rule, abstention target, OOD). */
    optionsJson: text('options_json').notNull(),
    modelId: text('model_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('run_bundles_run_idx').on(t.runId)],
);

export const modelComparisons = sqliteTable('model_comparisons', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Bundle hash or weights hash, or SHA-256 of a predictions CSV. */
  aHash: text('a_hash').notNull(),
  aRef: text('a_ref').notNull(),
  bHash: text('b_hash').notNull(),
  bRef: text('b_ref').notNull(),
  datasetName: text('dataset_name').notNull(),
  split: text('split').notNull(),
  resultJson: text('result_json').notNull(),
  createdAt: text('created_at').notNull(),
});
