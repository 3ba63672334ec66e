/**
 * Evaluation tables: one row per `hilum eval` run (which model — bundle hash or weights hash — on which
 * dataset split, and the full report JSON), and the per-image raw outputs it measured (logits and
 * pooled features), so figures can be recomputed without re-running inference.
 */
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const evaluations = sqliteTable(
  'evaluations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'bundle' | 'run' | 'checkpoint'. */
    modelKind: text('model_kind').notNull(),
    /** The path given to --model. */
    modelRef: text('model_ref').notNull(),
    /** Bundle hash for a bundle; SHA-256 of the weights file otherwise. */
    modelHash: text('model_hash').notNull(),
    datasetName: text('dataset_name').notNull(),
    /** train | val | test | all | external. */
    split: text('split').notNull(),
    imageCount: integer('image_count').notNull(),
    labelNamesJson: text('label_names_json').notNull(),
    featureWidth: integer('feature_width').notNull(),
    reportJson: text('report_json').notNull(),
    reportDir: text('report_dir'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('evaluations_model_hash_idx').on(t.modelHash)],
);

export const evaluationOutputs = sqliteTable(
  'evaluation_outputs',
  {
    evaluationId: integer('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    /** dataset_images.id for dataset images; null for OOD files read from a folder. */
    imageId: integer('image_id'),
    /** 'eval' for the evaluated split, or the OOD set name ('near', 'far'). */
    role: text('role').notNull(),
    /** File path for OOD inputs that are not dataset images. */
    source: text('source'),
    /** JSON array of raw (uncalibrated) logits in label order. */
    logitsJson: text('logits_json').notNull(),
    /** Float32 little-endian pooled features (feature_width values). */
    features: blob('features', { mode: 'buffer' }).notNull(),
  },
  (t) => [index('evaluation_outputs_eval_idx').on(t.evaluationId)],
);
