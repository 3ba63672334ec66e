/** The predict service: verify bundles, decode each input (a bad file becomes a typed error entry), predict in batches, report, write FHIR / saliency, one inference record per result. */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CaseOutcome, DecisionSpec, OodFile } from '../../src-core/bundle';
import { HilumError, serializeError, type SerializedError } from '../../src-core/errors';
import { buildFhirReport } from '../../src-core/fhir';
import { createPredictor, type PredictorInput } from '../../src-worker/inference/createPredictor';
import { decodeInputImage } from '../../src-worker/inference/decodeInputImage';
import { renderSaliencyPng } from '../../src-worker/inference/renderSaliencyPng';
import type { Augmentation } from '../../src-worker/inference/augmentImage';
import { loadBundle } from './loadBundle';
import { sha256Hex } from './sha256Hex';

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
  now?: () => Date;
}

export interface InferenceRecord {
  inputSha256: string;
  input: string;
  bundleHash: string;
  utc: string;
  outputs: { labels: Record<string, { probability: number; decision: string }>; ood: { score: number; flagged: boolean; reasons: string[] }; abstained: boolean };
}

export type PredictResultEntry =
  | {
      input: string;
      inputSha256: string;
      bundleHash: string;
      utc: string;
      labels: Record<string, { probability: number; decision: CaseOutcome['labels'][string]['decision']; threshold: number; uncertainty: CaseOutcome['labels'][string]['uncertainty']; abstainReasons: string[] }>;
      ood: { score: number; detector: string; flagged: boolean; reasons: string[]; scores: CaseOutcome['ood']['scores'] };
      abstained: boolean;
      modality: string | null;
      members: number;
      fhirFile?: string;
      saliencyFile?: string;
    }
  | { input: string; inputSha256: string | null; error: SerializedError };

export interface PredictFilesResult {
  bundleHash: string;
  memberHashes: string[];
  providers: { provider: string; skipped: { provider: string; reason: string }[] }[];
  results: PredictResultEntry[];
}

/** Files under each input (folders recursively, hidden entries skipped), sorted within each folder. */
export function expandInputs(inputs: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new HilumError('NOT_FOUND', `${p}: no such file or folder`, { file: p });
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(path.join(p, name));
    } else out.push(p);
  };
  inputs.forEach(walk);
  return out;
}

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new HilumError('IO_ERROR', `${file}: could not read (${(e as Error).message})`, { file });
  }
}

export async function predictFiles(options: PredictFilesOptions): Promise<PredictFilesResult> {
  const bundles = options.bundleDirs.map((dir) => loadBundle(dir, { expectedHash: options.bundleDirs.length === 1 ? options.expectedHash : undefined }));
  const predictor = await createPredictor(bundles, { tta: options.tta, threads: options.threads, batchSize: options.batchSize, ensembleSpec: options.ensembleSpec, saliency: Boolean(options.saliencyDir) });
  // For an ensemble the expected hash is the ensemble's (members + its own spec), checked before any input is read.
  if (bundles.length > 1 && options.expectedHash !== undefined && predictor.hash !== options.expectedHash) {
    await predictor.release();
    throw new HilumError('BUNDLE_INTEGRITY', `ensemble hash ${predictor.hash} is not the expected ${options.expectedHash}`, { bundle: options.bundleDirs, bundleHash: predictor.hash, expectedHash: options.expectedHash });
  }
  const files = expandInputs(options.inputs);
  // Slots keep input order; a decoded input's slot is filled once its batch has been predicted.
  const results: (PredictResultEntry | null)[] = [];
  const now = options.now ?? (() => new Date());
  const batch = Math.max(1, options.batchSize ?? 8);
  if (options.fhirDir) mkdirSync(options.fhirDir, { recursive: true });
  if (options.saliencyDir) mkdirSync(options.saliencyDir, { recursive: true });
  try {
    for (let start = 0; start < files.length; start += batch) {
      const pending: { file: string; sha: string; input: PredictorInput; slot: number }[] = [];
      for (const file of files.slice(start, start + batch)) {
        let sha: string | null = null;
        try {
          const bytes = readInput(file);
          sha = sha256Hex(bytes);
          const decoded = await decodeInputImage(bytes, file, predictor.preprocessing);
          results.push(null);
          pending.push({ file, sha, input: { pixels: decoded.pixels, modality: decoded.modality }, slot: results.length - 1 });
        } catch (e) {
          results.push({ input: file, inputSha256: sha, error: serializeError(e) });
        }
      }
      if (pending.length === 0) continue;
      const predictions = await predictor.predict(pending.map((p) => p.input));
      predictions.forEach((prediction, k) => {
        const p = pending[k]!;
        const utc = now().toISOString();
        const o = prediction.outcome;
        const entry: PredictResultEntry = {
          input: p.file, inputSha256: p.sha, bundleHash: predictor.hash, utc,
          labels: Object.fromEntries(Object.entries(o.labels).map(([l, v]) => [l, { probability: v.probability, decision: v.decision, threshold: v.threshold, uncertainty: v.uncertainty, abstainReasons: v.abstainReasons }])),
          ood: { score: o.ood.score, detector: o.ood.detector, flagged: o.ood.flagged, reasons: o.ood.reasons, scores: o.ood.scores },
          abstained: o.abstained, modality: o.ood.modality, members: prediction.memberCount,
        };
        const stem = `${p.sha.slice(0, 16)}`;
        if (options.fhirDir) {
          const fhir = buildFhirReport({ outcome: o, inputSha256: p.sha, bundleHash: predictor.hash, modelName: 'Hilum ViT bundle', issuedUtc: utc, newUuid: randomUUID });
          entry.fhirFile = path.join(options.fhirDir, `${stem}.fhir.json`);
          writeFileSync(entry.fhirFile, `${JSON.stringify(fhir, null, 2)}\n`);
        }
        if (options.saliencyDir && prediction.saliency) {
          entry.saliencyFile = path.join(options.saliencyDir, `${stem}.saliency.png`);
          writeFileSync(entry.saliencyFile, renderSaliencyPng(p.input.pixels, predictor.preprocessing.imageSize, prediction.saliency.map, prediction.saliency.grid));
        }
        results[p.slot] = entry;
        options.onInference?.({
          inputSha256: p.sha, input: p.file, bundleHash: predictor.hash, utc,
          outputs: {
            labels: Object.fromEntries(Object.entries(o.labels).map(([l, v]) => [l, { probability: v.probability, decision: v.decision }])),
            ood: { score: o.ood.score, flagged: o.ood.flagged, reasons: o.ood.reasons }, abstained: o.abstained,
          },
        });
      });
    }
  } finally {
    await predictor.release();
  }
  return { bundleHash: predictor.hash, memberHashes: predictor.memberHashes, providers: predictor.providers, results: results.filter((r): r is PredictResultEntry => r !== null) };
}
