/**
 * Dataset tables: imported datasets, their images (pseudonymised patient, split, metadata, cache
 * key), label states per image and label, and quarantined files. No PHI is stored: patient,
 * study and institution are salted-HMAC pseudonyms (src-main/datasets/pseudonymise.ts); names
 * and birth dates are never kept.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const datasets = sqliteTable('datasets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  format: text('format').notNull(),
  rootPath: text('root_path').notNull(),
  status: text('status', { enum: ['importing', 'ready', 'failed'] }).notNull(),
  /** JSON array: the label vocabulary in column order. */
  labelNamesJson: text('label_names_json').notNull(),
  imageSize: integer('image_size').notNull(),
  aspect: text('aspect').notNull(),
  preprocessingVersion: text('preprocessing_version').notNull(),
  importedCount: integer('imported_count').notNull().default(0),
  quarantinedCount: integer('quarantined_count').notNull().default(0),
  /** JSON: the import report (counts by code, label files, options). */
  importReportJson: text('import_report_json'),
  /** Set when this whole dataset is the external test set of another dataset. */
  externalOfDatasetId: integer('external_of_dataset_id'),
  splitSeed: integer('split_seed'),
  splitFractionsJson: text('split_fractions_json'),
  /** JSON LeakageReport of the last split (src-core/datasets/checkSplitLeakage). */
  leakageReportJson: text('leakage_report_json'),
  splitAt: text('split_at'),
  createdAt: text('created_at').notNull(),
});

export const datasetImages = sqliteTable(
  'dataset_images',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    /** Relative to the dataset root, forward slashes. */
    sourcePath: text('source_path').notNull(),
    contentHash: text('content_hash').notNull(),
    cacheKey: text('cache_key').notNull(),
    kind: text('kind').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    sourceWidth: integer('source_width').notNull(),
    sourceHeight: integer('source_height').notNull(),
    patientPseudonym: text('patient_pseudonym'),
    studyPseudonym: text('study_pseudonym'),
    sex: text('sex'),
    ageYears: real('age_years'),
    view: text('view'),
    sitePseudonym: text('site_pseudonym'),
    modality: text('modality'),
    manufacturer: text('manufacturer'),
    manufacturerModel: text('manufacturer_model'),
    portable: integer('portable', { mode: 'boolean' }),
    photometric: text('photometric'),
    transferSyntaxUid: text('transfer_syntax_uid'),
    burnedInFlagged: integer('burned_in_flagged', { mode: 'boolean' }),
    /** Split given by the source (e.g. MIMIC's official split), for reference. */
    sourceSplit: text('source_split'),
    /** train / val / test / external, or null before `dataset split`. */
    split: text('split'),
  },
  (t) => [
    uniqueIndex('dataset_images_path_idx').on(t.datasetId, t.sourcePath),
    index('dataset_images_patient_idx').on(t.datasetId, t.patientPseudonym),
    index('dataset_images_hash_idx').on(t.contentHash),
  ],
);

export const datasetLabels = sqliteTable(
  'dataset_labels',
  {
    imageId: integer('image_id')
      .notNull()
      .references(() => datasetImages.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    /** 1 positive, 0 negative, -1 uncertain, NULL not mentioned. */
    state: integer('state'),
  },
  (t) => [primaryKey({ columns: [t.imageId, t.label] })],
);

export const datasetQuarantine = sqliteTable(
  'dataset_quarantine',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    sourcePath: text('source_path').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('dataset_quarantine_dataset_idx').on(t.datasetId)],
);
