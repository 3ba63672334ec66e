/**
 * Dataset import jobs. Main orchestrates an import and writes the store; the pool reads the format's
 * label files (`datasets.readSource`) and decodes + caches each file (`datasets.importFile`, one job per
 * file, so the pool's per-task time limit is the per-file decode cap).
 */
import { s } from '../../validate';
import { defineJob } from './defineJob';

/** Version of decoding + resampling: part of every pixel-cache key and stored on the dataset row. */
// 2: DICOM resizing moved from exact-coverage area averaging to the one PIL-style box/bilinear family.
export const PREPROCESSING_VERSION = 'hilum-preprocess-2';

/** Reader options per format. A csv mapping travels raw (or as its file) and is validated in the worker, which names the field on error. */
export const formatOptions = s.object({
  csv: s.optional(s.array(s.string())),
  mimic: s.optional(s.object({ labeler: s.optional(s.enumOf(['chexpert', 'negbio'] as const)) })),
  folders: s.optional(s.object({ patientPattern: s.optional(s.string()), normalClass: s.optional(s.string()) })),
  mapping: s.optional(s.unknown()),
  mappingFile: s.optional(s.string()),
});

const labelState = s.nullable(s.union(s.literal(1), s.literal(0), s.literal(-1)));

export const datasetRecord = s.object({
  sourcePath: s.string(),
  patientKey: s.nullable(s.string()),
  studyKey: s.nullable(s.string()),
  sex: s.nullable(s.enumOf(['M', 'F', 'O'] as const)),
  ageYears: s.nullable(s.number()),
  view: s.nullable(s.string()),
  site: s.nullable(s.string()),
  modality: s.nullable(s.string()),
  sourceSplit: s.nullable(s.string()),
  labels: s.record(labelState),
});

const quarantineEntry = s.object({ sourcePath: s.string(), code: s.string(), message: s.string() });

const dicomFields = s.object({
  patientId: s.nullable(s.string()),
  institution: s.nullable(s.string()),
  viewPosition: s.nullable(s.string()),
  sex: s.nullable(s.string()),
  ageYears: s.nullable(s.number()),
  modality: s.nullable(s.string()),
  manufacturer: s.nullable(s.string()),
  manufacturerModel: s.nullable(s.string()),
  portable: s.nullable(s.boolean()),
  photometricInterpretation: s.nullable(s.string()),
  transferSyntaxUid: s.nullable(s.string()),
  burnedInFlagged: s.nullable(s.boolean()),
});

export const importFileParams = s.object({
  root: s.string(),
  /** Relative to root, forward slashes. */
  sourcePath: s.string(),
  cacheDir: s.string(),
  size: s.number({ integer: true, min: 8, max: 4096 }),
  aspect: s.enumOf(['pad', 'stretch'] as const),
});

export const importFileResult = s.union(
  s.object({
    ok: s.literal(true),
    sourcePath: s.string(),
    contentHash: s.string(),
    cacheKey: s.string(),
    cacheHit: s.boolean(),
    kind: s.enumOf(['png', 'jpeg', 'dicom'] as const),
    width: s.number(),
    height: s.number(),
    sourceWidth: s.number(),
    sourceHeight: s.number(),
    steps: s.array(s.string()),
    dicom: s.nullable(dicomFields),
  }),
  s.object({ ok: s.literal(false), sourcePath: s.string(), code: s.string(), message: s.string() }),
);

export const datasetsJobs = {
  'datasets.readSource': defineJob(
    "Reads a dataset's label files (or folder layout): its vocabulary and, in input order, the records to import and the files quarantined on the way",
    s.object({ format: s.string(), root: s.string(), formatOptions, limit: s.optional(s.number({ integer: true, min: 0 })) }),
    s.object({
      format: s.string(),
      labelNames: s.array(s.string()),
      labelFiles: s.array(s.string()),
      events: s.array(
        s.union(
          s.object({ kind: s.literal('record'), record: datasetRecord }),
          s.object({ kind: s.literal('quarantine'), entry: quarantineEntry }),
        ),
      ),
      /** True when `limit` stopped the reading early. */
      limited: s.boolean(),
    }),
  ),
  'datasets.importFile': defineJob(
    'Reads, hashes, decodes and resamples one image file into the pixel cache (or reuses its cache entry); a bad file is an ok:false result, not an error',
    importFileParams,
    importFileResult,
  ),
} as const;
