/**
 * The predict service as main sees it: verify the bundles here (the bytes that were signed), expand
 * the inputs (expandInputs: special and non-image files in folders are skipped and counted), then hand decoding, ONNX Runtime and the FHIR / saliency files to the worker pool
 * (`inference.predictFiles`, one job per contiguous slice of the inputs, run side by side); one
 * inference record per result comes back, in order, for the audit.
 */
import os from 'node:os';
import type { CaseOutcome, DecisionSpec, OodFile } from '../../src-core/bundle';
import type { JobProgress } from '../../src-core/contracts/jobs';
import type { SerializedError } from '../../src-core/errors';
import { type JobRunner, withJobRunner } from '../worker/withJobRunner';
import { countSkips } from '../../src-core/files/walkFolder';
import { expandInputs, type SkippedInput } from './expandInputs';
import { loadBundle } from './loadBundle';

/** A test-time augmentation (rotation and scale), as the worker's augmentImage applies it. */
export interface Augmentation {
  name: string;
  rotationDegrees: number;
  scale: number;
}

export interface PredictFilesOptions {
  bundleDirs: string[];
  inputs: string[];
  expectedHash?: string;
  ensembleSpec?: DecisionSpec & { ood: OodFile };
  tta?: boolean | readonly Augmentation[];
  threads?: number;
  batchSize?: number;
  fhirDir?: string;
  saliencyDir?: string;
  /** Called once per successful inference, in order: the caller appends it to the audit trail. */
  onInference?: (record: InferenceRecord) => void;
  /** One fixed time for every result (tests); the worker's clock otherwise. */
  now?: () => Date;
  /** The pool that predicts (the app's or the CLI's); without one, a private single-worker pool. */
  jobs?: JobRunner;
  /** Progress of the prediction (a fraction of all the inputs predicted, over every slice). */
  onProgress?: (progress: JobProgress) => void;
  /**
   * At most this many prediction jobs side by side, each on a contiguous slice of at least
   * MIN_FILES_PER_JOB inputs (default: the machine's parallelism). Decoding is most of a review's time
   * and runs one file at a time inside a job, so one job would leave the other pool workers idle.
   */
  parallelJobs?: number;
}

/** Below this, a second job's ONNX session set-up costs more than the decoding it takes over. */
export const MIN_FILES_PER_JOB = 32;

export interface InferenceRecord {
  inputSha256: string;
  input: string;
  bundleHash: string;
  utc: string;
  outputs: {
    labels: Record<string, { probability: number; decision: string }>;
    ood: { score: number; flagged: boolean; reasons: string[] };
    abstained: boolean;
  };
}

export type PredictResultEntry =
  | {
      input: string;
      inputSha256: string;
      bundleHash: string;
      utc: string;
      labels: Record<
        string,
        {
          probability: number;
          decision: CaseOutcome['labels'][string]['decision'];
          threshold: number;
          uncertainty: CaseOutcome['labels'][string]['uncertainty'];
          abstainReasons: string[];
        }
      >;
      ood: { score: number; detector: string; flagged: boolean; reasons: string[]; scores: CaseOutcome['ood']['scores'] };
      abstained: boolean;
      modality: string | null;
      members: number;
      fhirFile?: string;
      saliencyFile?: string;
      saliencyMapFile?: string;
    }
  | { input: string; inputSha256: string | null; error: SerializedError };

export interface PredictFilesResult {
  bundleHash: string;
  memberHashes: string[];
  providers: { provider: string; skipped: { provider: string; reason: string }[] }[];
  results: PredictResultEntry[];
  /** Inputs found in folders and not predicted, counted by reason (notImage, hidden, fifo, socket, ...). */
  skipped: Record<string, number>;
  skippedInputs: SkippedInput[];
}

export async function predictFiles(options: PredictFilesOptions): Promise<PredictFilesResult> {
  const bundles = options.bundleDirs.map((dir) =>
    loadBundle(dir, { expectedHash: options.bundleDirs.length === 1 ? options.expectedHash : undefined }),
  );
  const { files, skipped } = expandInputs(options.inputs);
  const wanted = Math.max(1, Math.floor(options.parallelJobs ?? os.availableParallelism()));
  const slices = sliceInputs(files, Math.min(wanted, Math.max(1, Math.floor(files.length / MIN_FILES_PER_JOB))));
  // Side-by-side jobs share the cores: each ONNX session gets its share of intra-op threads unless the caller chose.
  const threads = options.threads ?? (slices.length > 1 ? Math.max(1, Math.floor(os.availableParallelism() / slices.length)) : undefined);
  const params = {
    bundles: bundles.map((b) => ({ source: b.source, bundleHash: b.bundleHash, spec: b.spec, modelBytes: b.modelBytes })),
    ...(options.expectedHash !== undefined ? { expectedHash: options.expectedHash } : {}),
    ...(options.ensembleSpec ? { ensembleSpec: options.ensembleSpec } : {}),
    ...(options.tta !== undefined ? { tta: typeof options.tta === 'boolean' ? options.tta : [...options.tta] } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.fhirDir ? { fhirDir: options.fhirDir } : {}),
    ...(options.saliencyDir ? { saliencyDir: options.saliencyDir } : {}),
    ...(options.now ? { utc: options.now().toISOString() } : {}),
  };
  const done = slices.map(() => 0);
  const progressOf =
    (k: number) =>
    (p: JobProgress): void => {
      done[k] = typeof p.data?.done === 'number' ? p.data.done : done[k]!;
      const total = done.reduce((a, b) => a + b, 0);
      options.onProgress?.({
        fraction: total / files.length,
        message: `${total} of ${files.length} inputs predicted`,
        data: { done: total },
      });
    };
  const parts = await withJobRunner(options.jobs, slices.length, (jobs) =>
    Promise.all(
      slices.map((slice, k) =>
        jobs.run('inference.predictFiles', { ...params, files: slice }, options.onProgress ? { onProgress: progressOf(k) } : {}),
      ),
    ),
  );
  const first = parts[0]!;
  const inferences = parts.flatMap((p) => p.inferences);
  for (const record of inferences) options.onInference?.(record);
  // The contract checks every field; the decision and uncertainty unions are the worker's CaseOutcome types.
  return {
    bundleHash: first.bundleHash,
    memberHashes: first.memberHashes,
    providers: first.providers,
    results: parts.flatMap((p) => p.results) as PredictResultEntry[],
    skipped: countSkips(skipped),
    skippedInputs: skipped,
  };
}

/** `count` contiguous slices of near-equal length (input order is kept by concatenating them); one empty slice for no files. */
function sliceInputs(files: string[], count: number): string[][] {
  const out: string[][] = [];
  for (let k = 0; k < count; k++)
    out.push(files.slice(Math.floor((k * files.length) / count), Math.floor(((k + 1) * files.length) / count)));
  return out;
}
