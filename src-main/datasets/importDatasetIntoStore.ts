/**
 * Imports a dataset into the store. Main orchestrates: the worker pool reads the label files
 * (`datasets.readSource`) and decodes + caches each file (`datasets.importFile`, one job per file
 * under the pool's per-task time limit); here every identifier is pseudonymised and images, label
 * states and quarantined files are written in batched transactions. Returns the import report
 * (also stored on the dataset row). A dataset left `importing` by a killed import, or `failed`, is replaced
 * when the same name is imported again; the files it had decoded come back as cache hits.
 */
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import type { ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import { PREPROCESSING_VERSION } from '../../src-core/contracts/jobs/datasets';
import type { DatasetRecord } from '../../src-core/datasets/datasetRecord';
import { appendAuditEvent } from '../governance/auditTrail';
import { hashCanonical } from '../governance/sha256Hex';
import { cliActor } from '../runs/cliActor';
import { mapInOrder } from '../worker/mapInOrder';
import { type JobRunner, withJobRunner } from '../worker/withJobRunner';
import type { Store } from '../store/openStore';
import { datasetImages, datasetLabels, datasetQuarantine, datasets } from '../store/schema/datasets';
import { datasetContentHash } from './datasetContentHash';
import { holdImportLock } from './holdImportLock';
import { type Pseudonymiser, pseudonymise } from './pseudonymise';
import { removeDataset } from './removeDataset';

/** Reader options per format (a csv mapping may be given raw; the worker validates it). */
export type FormatOptions = ParamsOf<'datasets.readSource'>['formatOptions'];
type ImportedFile = Extract<ResultOf<'datasets.importFile'>, { ok: true }>;
type ImportEvent =
  { kind: 'image'; record: DatasetRecord; file: ImportedFile } | { kind: 'quarantine'; sourcePath: string; code: string; message: string };

/** Decoding one file may take this long before its worker is stopped and the file quarantined as DICOM_LIMIT. */
export const DEFAULT_FILE_TIMEOUT_MS = 120_000;

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
  /** The pool that reads and decodes (the app's or the CLI's); without one, a private pool of `threads` workers. */
  jobs?: JobRunner;
  /** Workers of the private pool when `jobs` is not given (default 1; decoding never runs in the calling thread). */
  threads?: number;
  /** Per-file decode limit (default DEFAULT_FILE_TIMEOUT_MS): past it the file is quarantined with DICOM_LIMIT. */
  fileTimeoutMs?: number;
  /** Aborting stops handing files to the pool; the import ends with CANCELLED and the dataset is marked failed. */
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
  /** The audit actor (the signed-in user in the app); the operating-system user by default, as for other CLI commands. */
  actor?: string;
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
  if (!Number.isInteger(size) || size < 8 || size > 4096)
    throw new HilumError('INVALID_ARGUMENT', `--size must be an integer in 8..4096, got ${request.size}`);
  const release = holdImportLock(store.dataDir, request.name);
  try {
    // Left `importing` by a killed import (no live process holds its lock) or `failed`: replaced by this run
    // (audited as dataset.removed). Files decoded before are pixel-cache hits, so the import resumes where it was.
    const interrupted = store.db.select({ status: datasets.status }).from(datasets).where(eq(datasets.name, request.name)).get();
    if (interrupted?.status === 'ready')
      throw new HilumError('CONFLICT', `A dataset named "${request.name}" already exists`, { name: request.name });
    if (interrupted) removeDataset(store, request.name, request.actor);
    return await withJobRunner(request.jobs, request.threads ?? 1, (jobs) => runImport(store, request, { root, size, started }, jobs));
  } finally {
    release();
  }
}

async function runImport(
  store: Store,
  request: ImportDatasetRequest,
  ctx: { root: string; size: number; started: number },
  jobs: JobRunner,
): Promise<ImportReport> {
  const { root, size, started } = ctx;
  const source = await jobs.run('datasets.readSource', {
    format: request.format,
    root,
    formatOptions: request.formatOptions ?? {},
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
  });
  const { labelNames, labelFiles } = source;
  const actor = request.actor ?? cliActor();
  // The dataset id stands for its root in the audit: no folder or file name is ever written to the trail.
  const datasetId = store.db.transaction(() => {
    const row = store.db
      .insert(datasets)
      .values({
        name: request.name,
        format: request.format,
        rootPath: root,
        status: 'importing',
        labelNamesJson: JSON.stringify(labelNames),
        imageSize: size,
        aspect: request.aspect ?? 'pad',
        preprocessingVersion: PREPROCESSING_VERSION,
        createdAt: new Date().toISOString(),
      })
      .returning()
      .get();
    const { rootPath: _root, ...audited } = row;
    appendAuditEvent(store, {
      actor,
      action: 'dataset.import.started',
      recordType: 'dataset',
      recordId: String(row.id),
      after: audited,
      payload: { name: request.name, format: request.format, size },
      state: [{ table: 'datasets', key: String(row.id) }],
    });
    return row.id;
  });

  const pseudo = pseudonymise(store.dataDir);
  const writer = createBatchWriter(store, datasetId, labelNames, pseudo, request.patientNamespace ?? '', request.siteName ?? null);
  try {
    const cacheDir = path.join(store.dataDir, 'cache');
    const importFile = async (record: DatasetRecord): Promise<ImportEvent> => {
      request.signal?.throwIfAborted();
      const params = { root, sourcePath: record.sourcePath, cacheDir, size, aspect: request.aspect ?? 'pad' } as const;
      const file = await importOneInPool(jobs, params, request.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS);
      return file.ok
        ? { kind: 'image', record, file }
        : { kind: 'quarantine', sourcePath: file.sourcePath, code: file.code, message: file.message };
    };
    const events = mapInOrder(source.events, request.concurrency ?? 16, (event) =>
      event.kind === 'record' ? importFile(event.record) : Promise.resolve<ImportEvent>({ kind: 'quarantine', ...event.entry }),
    );
    for await (const event of events) {
      request.signal?.throwIfAborted();
      writer.add(event);
      request.onProgress?.(writer.counts.imported + writer.counts.quarantined);
    }
    writer.flush();
  } catch (error) {
    writer.flush();
    store.db.transaction(() => {
      store.db.update(datasets).set({ status: 'failed' }).where(eq(datasets.id, datasetId)).run();
      const code = error instanceof HilumError ? error.code : 'BUG';
      appendAuditEvent(store, {
        actor,
        action: 'dataset.import.failed',
        recordType: 'dataset',
        recordId: String(datasetId),
        afterHash: datasetContentHash(store, request.name),
        payload: { code, ...writer.summary() },
        state: [{ table: 'datasets', key: String(datasetId) }],
      });
      auditQuarantine(store, actor, datasetId);
    });
    throw error;
  }
  const c = writer.counts;
  const report: ImportReport = {
    datasetId,
    name: request.name,
    format: request.format,
    root,
    size,
    labelNames,
    labelFiles,
    imported: c.imported,
    quarantined: c.quarantined,
    quarantinedByCode: c.byCode,
    patients: c.patients.size,
    imagesWithoutPatient: c.withoutPatient,
    cacheHits: c.cacheHits,
    duplicateContent: c.duplicateContent,
    pathsContainingPatientId: c.pathsContainingPatientId,
    limited: request.limit !== undefined,
    durationMs: Date.now() - started,
  };
  store.db.transaction(() => {
    store.db
      .update(datasets)
      .set({
        status: 'ready',
        importedCount: c.imported,
        quarantinedCount: c.quarantined,
        importReportJson: JSON.stringify(report),
      })
      .where(eq(datasets.id, datasetId))
      .run();
    appendAuditEvent(store, {
      actor,
      action: 'dataset.import.finished',
      recordType: 'dataset',
      recordId: String(datasetId),
      afterHash: datasetContentHash(store, request.name),
      payload: writer.summary(),
      state: [{ table: 'datasets', key: String(datasetId) }],
    });
    auditQuarantine(store, actor, datasetId);
  });
  return report;
}

/**
 * One summarising event per import for its quarantined files: the count per reason and the content hash of
 * the whole quarantine list (path, reason, message, in insertion order). Per-file events would put up to one
 * signed append per file into an import (~9 ms each) and would each need a pseudonymised path; the hash
 * binds every entry just as well, and the list itself stays in the store, out of the audit trail.
 */
function auditQuarantine(store: Store, actor: string, datasetId: number): void {
  const rows = store.db
    .select({ sourcePath: datasetQuarantine.sourcePath, code: datasetQuarantine.code, message: datasetQuarantine.message })
    .from(datasetQuarantine)
    .where(eq(datasetQuarantine.datasetId, datasetId))
    .orderBy(asc(datasetQuarantine.id))
    .all();
  const byCode: Record<string, number> = {};
  for (const r of rows) byCode[r.code] = (byCode[r.code] ?? 0) + 1;
  appendAuditEvent(store, {
    actor,
    action: 'dataset.quarantine.recorded',
    recordType: 'dataset_quarantine',
    recordId: String(datasetId),
    afterHash: hashCanonical(rows),
    payload: { count: rows.length, byCode },
  });
}

function createBatchWriter(
  store: Store,
  datasetId: number,
  labelNames: string[],
  pseudo: Pseudonymiser,
  namespace: string,
  siteName: string | null,
) {
  const counts = {
    imported: 0,
    quarantined: 0,
    byCode: {} as Record<string, number>,
    patients: new Set<string>(),
    withoutPatient: 0,
    cacheHits: 0,
    duplicateContent: 0,
    pathsContainingPatientId: 0,
  };
  const seenPaths = new Set<string>();
  const seenHashes = new Set<string>();
  let images: Extract<ImportEvent, { kind: 'image' }>[] = [];
  let quarantined: { sourcePath: string; code: string; message: string }[] = [];

  function add(event: ImportEvent): void {
    if (event.kind === 'quarantine') return addQuarantine(event);
    if (seenPaths.has(event.record.sourcePath)) {
      return addQuarantine({
        sourcePath: event.record.sourcePath,
        code: 'DATASET_FORMAT',
        message: `${event.record.sourcePath}: listed more than once in the label file; the first row was kept`,
      });
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
      if (qBatch.length > 0)
        tx.insert(datasetQuarantine)
          .values(qBatch.map((q) => ({ datasetId, ...q })))
          .run();
      if (batch.length === 0) return;
      const rows = batch.map((e) => imageRow(datasetId, e, pseudo, namespace, siteName));
      for (const r of rows) {
        if (r.patientPseudonym) counts.patients.add(r.patientPseudonym);
        else counts.withoutPatient++;
      }
      const ids = tx.insert(datasetImages).values(rows).returning({ id: datasetImages.id }).all();
      const labelRows = ids.flatMap(({ id }, i) =>
        labelNames.map((label) => ({ imageId: id, label, state: batch[i]?.record.labels[label] ?? null })),
      );
      for (let i = 0; i < labelRows.length; i += 5000)
        tx.insert(datasetLabels)
          .values(labelRows.slice(i, i + 5000))
          .run();
    });
  }

  /** What the audit may hold: counts only, no paths. */
  const summary = () => ({
    imported: counts.imported,
    quarantined: counts.quarantined,
    quarantinedByCode: counts.byCode,
    patients: counts.patients.size,
  });
  return { add, flush, counts, summary };
}

/** Builds the stored row: every identifier pseudonymised; DICOM header values fill what the label file left blank. */
function imageRow(
  datasetId: number,
  e: Extract<ImportEvent, { kind: 'image' }>,
  pseudo: Pseudonymiser,
  namespace: string,
  siteName: string | null,
) {
  const r: DatasetRecord = e.record;
  const d = e.file.dicom;
  const patientKey = r.patientKey ?? d?.patientId ?? null;
  const sex = r.sex ?? (d?.sex === 'M' || d?.sex === 'F' || d?.sex === 'O' ? d.sex : null);
  return {
    datasetId,
    sourcePath: r.sourcePath,
    contentHash: e.file.contentHash,
    cacheKey: e.file.cacheKey,
    kind: e.file.kind,
    width: e.file.width,
    height: e.file.height,
    sourceWidth: e.file.sourceWidth,
    sourceHeight: e.file.sourceHeight,
    patientPseudonym: pseudo.pseudonym('patient', patientKey, namespace),
    studyPseudonym: pseudo.pseudonym('study', r.studyKey, namespace),
    sex,
    ageYears: r.ageYears ?? d?.ageYears ?? null,
    view: r.view ?? d?.viewPosition ?? null,
    sitePseudonym: pseudo.pseudonym('site', r.site ?? d?.institution ?? siteName),
    modality: r.modality ?? d?.modality ?? null,
    manufacturer: d?.manufacturer ?? null,
    manufacturerModel: d?.manufacturerModel ?? null,
    portable: d?.portable ?? null,
    photometric: d?.photometricInterpretation ?? null,
    transferSyntaxUid: d?.transferSyntaxUid ?? null,
    burnedInFlagged: d?.burnedInFlagged ?? null,
    sourceSplit: r.sourceSplit,
    split: null,
  };
}

/** One file through the pool: a job that fails (time limit, crashed worker) quarantines the file instead of failing the import. */
async function importOneInPool(
  jobs: JobRunner,
  params: ParamsOf<'datasets.importFile'>,
  timeoutMs: number,
): Promise<ResultOf<'datasets.importFile'>> {
  try {
    return await jobs.run('datasets.importFile', params, { timeoutMs });
  } catch (error) {
    if (!(error instanceof HilumError) || error.code === 'CANCELLED') throw error;
    const code = error.code === 'TIMEOUT' ? 'DICOM_LIMIT' : error.code;
    const why = error.code === 'TIMEOUT' ? `decoding ran past the ${timeoutMs} ms time limit` : error.message;
    return { ok: false, sourcePath: params.sourcePath, code, message: `${params.sourcePath}: ${why}` };
  }
}
