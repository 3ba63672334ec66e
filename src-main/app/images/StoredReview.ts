/**
 * The worklist review as stored in job_runs.result_json (so it survives a restart): every review-folder
 * study with its header (patient already pseudonymised), whether it was scored, and the model's output.
 * A review stored by an earlier version (results of scored studies only) is read as such.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { PredictResultEntry } from '../../bundle/predictFiles';
import type { Store } from '../../store/openStore';
import { jobRuns } from '../../store/schema/system';

export type ScoredEntry = Exclude<PredictResultEntry, { error: unknown }>;

export interface StudyHeaderInfo {
  patient: string | null;
  studyDate: string | null;
  modality: string | null;
  view: string | null;
  bodyPart: string | null;
}

export interface ReviewedStudy {
  studyId: string;
  name: string;
  /** Absolute path (main only; never sent to the renderer). */
  file: string;
  header: StudyHeaderInfo;
  kind: 'scored' | 'not-chest' | 'unreadable';
  /** Why it was not scored; null when scored. */
  notScored: string | null;
  error: { code: string; message: string } | null;
  entry: ScoredEntry | null;
}

export interface StoredReview {
  version: 2;
  modelId: string;
  bundleHash: string;
  aspect: 'pad' | 'stretch';
  at: string;
  studies: ReviewedStudy[];
}

const noHeader: StudyHeaderInfo = { patient: null, studyDate: null, modality: null, view: null, bodyPart: null };

interface StoredReviewV1 {
  modelId: string;
  bundleHash: string;
  at: string;
  results: [string, { name: string; entry: ScoredEntry }][];
}

/** Reads a stored review of either layout, or null when there is none. */
export function readStoredReview(value: unknown): StoredReview | null {
  if (!value || typeof value !== 'object') return null;
  if ((value as { version?: number }).version === 2) return value as StoredReview;
  const v1 = value as StoredReviewV1;
  if (!Array.isArray(v1.results)) return null;
  return {
    version: 2,
    modelId: v1.modelId,
    bundleHash: v1.bundleHash,
    aspect: 'pad',
    at: v1.at,
    studies: v1.results.map(([studyId, { name, entry }]) => ({
      studyId,
      name,
      file: entry.input,
      header: { ...noHeader, modality: entry.modality },
      kind: 'scored',
      notScored: null,
      error: null,
      entry,
    })),
  };
}

/**
 * The latest review stored by the app, read straight from job_runs (the CLI must not build a JobRegistry:
 * that would mark a review still running in an open app as failed).
 */
export function latestStoredReview(store: Store): StoredReview | null {
  const row = store.db
    .select({ resultJson: jobRuns.resultJson })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, 'worklist.review'), eq(jobRuns.status, 'succeeded')))
    .orderBy(desc(jobRuns.startedAt))
    .get();
  return row?.resultJson ? readStoredReview(JSON.parse(row.resultJson)) : null;
}
