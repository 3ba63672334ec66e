/**
 * Imports a dataset into the store: streams the worker-side import (records + pixels to the
 * cache), pseudonymises every identifier, and writes images, label states and quarantined
 * files in batched transactions. Returns the import report (also stored on the dataset row).
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import type { DatasetRecord } from '../../src-core/datasets/datasetRecord';
import type { FormatOptions } from '../../src-worker/datasets/formats/openDatasetSource';
import { type ImportEvent, importDatasetFiles } from '../../src-worker/datasets/importDatasetFiles';
import type { ImportOneFileParams, ImportOneFileResult } from '../../src-worker/datasets/importOneFile';
import { PREPROCESSING_VERSION } from '../../src-worker/datasets/pixelCache';
import { createImportPool } from '../../src-worker/datasets/pool/createImportPool';
import type { Store } from '../store/openStore';
import { datasetImages, datasetLabels, datasetQuarantine, datasets } from '../store/schema/datasets';
import { type Pseudonymiser, pseudonymise } from './pseudonymise';

export interface ImportDatasetRequest {
  name: string;
  format: string;
  root: string;
  formatOptions?: FormatOptions;
  size?: number;
  aspect?: 'pad' | 'stretch';
  concurrency?: number;
  limit?: number;
  /** Separates this dataset's patient ID space from others' (default: none, the conservative choice). */
  patientNamespace?: string;
  /** Institution for images whose label file and DICOM header name none (e.g. a folder-per-class set from one hospital). */
  siteName?: string;
  importOne?: (params: ImportOneFileParams) => Promise<ImportOneFileResult>;
  /** Decode in this many worker_threads (0: in this thread). Ignored when `importOne` is given. */
  threads?: number;
  onProgress?: (done: number) => void;
}

export interface ImportReport {
  datasetId: number;
  name: string;
  format: string;
  root: string;
  size: number;
  labelNames: string[];
  labelFiles: string[];
  imported: number;
  quarantined: number;
  quarantinedByCode: Record<string, number>;
  patients: number;
  imagesWithoutPatient: number;
  cacheHits: number;
  duplicateContent: number;
  /** Source paths (stored as given) that contain the DICOM PatientID: PHI in file names, to fix at the source. */
  pathsContainingPatientId: number;
  limited: boolean;
  durationMs: number;
}

const BATCH = 200;

export async function importDatasetIntoStore(store: Store, request: ImportDatasetRequest): Promise<ImportReport> {
  const started = Date.now();
  const root = path.resolve(request.root);
  const size = request.size ?? 256;
  if (!Number.isInteger(size) || size < 8 || size > 4096) throw new HilumError('INVALID_ARGUMENT', `--size must be an integer in 8..4096, got ${request.size}`);
  const existing = store.db.select({ id: datasets.id }).from(datasets).where(eq(datasets.name, request.name)).get();
  if (existing) throw new HilumError('CONFLICT', `A dataset named "${request.name}" already exists`, { name: request.name });

  const pool = !request.importOne && (request.threads ?? 0) > 0 ? createImportPool(request.threads as number) : null;
  try {
    return await runImport(store, request, { root, size, started }, request.importOne ?? pool?.importOne);
  } finally {
    await pool?.close();
  }
}

async function runImport(
  store: Store, request: ImportDatasetRequest, ctx: { root: string; size: number; started: number },
  importOne: ((params: ImportOneFileParams) => Promise<ImportOneFileResult>) | undefined,
): Promise<ImportReport> {
  const { root, size, started } = ctx;
  const opened = await importDatasetFiles({
    format: request.format, root, formatOptions: request.formatOptions ?? {}, cacheDir: path.join(store.dataDir, 'cache'), size,
    aspect: request.aspect ?? 'pad', concurrency: request.concurrency ?? Math.max(4, (request.threads ?? 0) * 4), ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(importOne ? { importOne } : {}),
  });
  const { labelNames, labelFiles } = opened.source;
  const datasetId = store.db.insert(datasets).values({
    name: request.name, format: request.format, rootPath: root, status: 'importing', labelNamesJson: JSON.stringify(labelNames),
    imageSize: size, aspect: request.aspect ?? 'pad', preprocessingVersion: PREPROCESSING_VERSION, createdAt: new Date().toISOString(),
  }).returning({ id: datasets.id }).get().id;

  const pseudo = pseudonymise(store.dataDir);
  const writer = createBatchWriter(store, datasetId, labelNames, pseudo, request.patientNamespace ?? '', request.siteName ?? null);
  try {
    for await (const event of opened.events) {
      writer.add(event);
      request.onProgress?.(writer.counts.imported + writer.counts.quarantined);
    }
    writer.flush();
  } catch (error) {
    writer.flush();
    store.db.update(datasets).set({ status: 'failed' }).where(eq(datasets.id, datasetId)).run();
    throw error;
  }
  const c = writer.counts;
  const report: ImportReport = {
    datasetId, name: request.name, format: request.format, root, size, labelNames, labelFiles, imported: c.imported, quarantined: c.quarantined,
    quarantinedByCode: c.byCode, patients: c.patients.size, imagesWithoutPatient: c.withoutPatient, cacheHits: c.cacheHits,
    duplicateContent: c.duplicateContent, pathsContainingPatientId: c.pathsContainingPatientId, limited: request.limit !== undefined, durationMs: Date.now() - started,
  };
  store.db.update(datasets).set({
    status: 'ready', importedCount: c.imported, quarantinedCount: c.quarantined, importReportJson: JSON.stringify(report),
  }).where(eq(datasets.id, datasetId)).run();
  return report;
}

function createBatchWriter(store: Store, datasetId: number, labelNames: string[], pseudo: Pseudonymiser, namespace: string, siteName: string | null) {
  const counts = { imported: 0, quarantined: 0, byCode: {} as Record<string, number>, patients: new Set<string>(), withoutPatient: 0, cacheHits: 0, duplicateContent: 0, pathsContainingPatientId: 0 };
  const seenPaths = new Set<string>();
  const seenHashes = new Set<string>();
  let images: Extract<ImportEvent, { kind: 'image' }>[] = [];
  let quarantined: { sourcePath: string; code: string; message: string }[] = [];

  function add(event: ImportEvent): void {
    if (event.kind === 'quarantine') return addQuarantine(event);
    if (seenPaths.has(event.record.sourcePath)) {
      return addQuarantine({ sourcePath: event.record.sourcePath, code: 'DATASET_FORMAT', message: `${event.record.sourcePath}: listed more than once in the label file; the first row was kept` });
    }
    seenPaths.add(event.record.sourcePath);
    if (seenHashes.has(event.file.contentHash)) counts.duplicateContent++;
    seenHashes.add(event.file.contentHash);
    if (event.file.cacheHit) counts.cacheHits++;
    const dicomPatientId = event.file.dicom?.patientId?.trim();
    if (dicomPatientId && dicomPatientId.length >= 3 && event.record.sourcePath.includes(dicomPatientId)) counts.pathsContainingPatientId++;
    images.push(event);
    counts.imported++;
    if (images.length >= BATCH) flush();
  }

  function addQuarantine(q: { sourcePath: string; code: string; message: string }): void {
    quarantined.push({ sourcePath: q.sourcePath, code: q.code, message: q.message });
    counts.quarantined++;
    counts.byCode[q.code] = (counts.byCode[q.code] ?? 0) + 1;
    if (quarantined.length >= BATCH) flush();
  }

  function flush(): void {
    const batch = images;
    const qBatch = quarantined;
    images = [];
    quarantined = [];
    store.db.transaction((tx) => {
      if (qBatch.length > 0) tx.insert(datasetQuarantine).values(qBatch.map((q) => ({ datasetId, ...q }))).run();
      if (batch.length === 0) return;
      const rows = batch.map((e) => imageRow(datasetId, e, pseudo, namespace, siteName));
      for (const r of rows) {
        if (r.patientPseudonym) counts.patients.add(r.patientPseudonym);
        else counts.withoutPatient++;
      }
      const ids = tx.insert(datasetImages).values(rows).returning({ id: datasetImages.id }).all();
      const labelRows = ids.flatMap(({ id }, i) => labelNames.map((label) => ({ imageId: id, label, state: batch[i]?.record.labels[label] ?? null })));
      for (let i = 0; i < labelRows.length; i += 5000) tx.insert(datasetLabels).values(labelRows.slice(i, i + 5000)).run();
    });
  }

  return { add, flush, counts };
}

/** Builds the stored row: every identifier pseudonymised; DICOM header values fill what the label file left blank. */
function imageRow(datasetId: number, e: Extract<ImportEvent, { kind: 'image' }>, pseudo: Pseudonymiser, namespace: string, siteName: string | null) {
  const r: DatasetRecord = e.record;
  const d = e.file.dicom;
  const patientKey = r.patientKey ?? d?.patientId ?? null;
  const sex = r.sex ?? (d?.sex === 'M' || d?.sex === 'F' || d?.sex === 'O' ? d.sex : null);
  return {
    datasetId, sourcePath: r.sourcePath, contentHash: e.file.contentHash, cacheKey: e.file.cacheKey, kind: e.file.kind,
    width: e.file.width, height: e.file.height, sourceWidth: e.file.sourceWidth, sourceHeight: e.file.sourceHeight,
    patientPseudonym: pseudo.pseudonym('patient', patientKey, namespace),
    studyPseudonym: pseudo.pseudonym('study', r.studyKey, namespace),
    sex, ageYears: r.ageYears ?? d?.ageYears ?? null, view: r.view ?? d?.viewPosition ?? null,
    sitePseudonym: pseudo.pseudonym('site', r.site ?? d?.institution ?? siteName),
    modality: r.modality ?? d?.modality ?? null, manufacturer: d?.manufacturer ?? null, manufacturerModel: d?.manufacturerModel ?? null,
    portable: d?.portable ?? null, photometric: d?.photometricInterpretation ?? null, transferSyntaxUid: d?.transferSyntaxUid ?? null,
    burnedInFlagged: d?.burnedInFlagged ?? null, sourceSplit: r.sourceSplit, split: null,
  };
}
