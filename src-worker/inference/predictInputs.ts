/**
 * The heavy half of the predict service (the `inference.predictFiles` job): decode each input (a bad
 * file becomes a typed error entry), predict in batches with ONNX Runtime, write FHIR and saliency
 * files, and return one inference record per result, in order, for main to audit.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DecisionSpec, OodFile } from '../../src-core/bundle';
import type { JobContext, ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import { HilumError, serializeError } from '../../src-core/errors';
import { buildFhirReport } from '../../src-core/fhir';
import { createPredictor, type Predictor, type PredictorInput } from './createPredictor';
import { decodeInputImage } from './decodeInputImage';
import { rehydrateBundle } from './rehydrateBundle';
import { renderSaliencyPng } from './renderSaliencyPng';

type Params = ParamsOf<'inference.predictFiles'>;
type Result = ResultOf<'inference.predictFiles'>;
type Entry = Result['results'][number];

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new HilumError('IO_ERROR', `${file}: could not read (${(e as Error).message})`, { file });
  }
}

export async function predictInputs(params: Params, ctx?: Pick<JobContext, 'signal' | 'progress'>): Promise<Result> {
  const bundles = params.bundles.map(rehydrateBundle);
  const predictor = await createPredictor(bundles, {
    tta: params.tta,
    threads: params.threads,
    batchSize: params.batchSize,
    saliency: Boolean(params.saliencyDir),
    ensembleSpec: params.ensembleSpec as (DecisionSpec & { ood: OodFile }) | undefined,
  });
  try {
    // For an ensemble the expected hash is the ensemble's (members + its own spec), checked before any input is read.
    if (bundles.length > 1 && params.expectedHash !== undefined && predictor.hash !== params.expectedHash) {
      throw new HilumError('BUNDLE_INTEGRITY', `ensemble hash ${predictor.hash} is not the expected ${params.expectedHash}`, {
        bundle: bundles.map((b) => b.source),
        bundleHash: predictor.hash,
        expectedHash: params.expectedHash,
      });
    }
    if (params.fhirDir) mkdirSync(params.fhirDir, { recursive: true });
    if (params.saliencyDir) mkdirSync(params.saliencyDir, { recursive: true });
    const out: Result = {
      bundleHash: predictor.hash,
      memberHashes: predictor.memberHashes,
      providers: predictor.providers,
      results: [],
      inferences: [],
    };
    const batch = Math.max(1, params.batchSize ?? 8);
    for (let start = 0; start < params.files.length; start += batch) {
      ctx?.signal.throwIfAborted();
      await predictBatch(predictor, params, params.files.slice(start, start + batch), out);
      const done = Math.min(params.files.length, start + batch);
      ctx?.progress({
        fraction: done / params.files.length,
        message: `${done} of ${params.files.length} inputs predicted`,
        data: { done },
      });
    }
    return out;
  } finally {
    await predictor.release();
  }
}

async function predictBatch(predictor: Predictor, params: Params, files: string[], out: Result): Promise<void> {
  // Slots keep input order; a decoded input's slot is filled once its batch has been predicted.
  const slots: (Entry | null)[] = [];
  const pending: { file: string; sha: string; input: PredictorInput; slot: number }[] = [];
  for (const file of files) {
    let sha: string | null = null;
    try {
      const bytes = readInput(file);
      sha = createHash('sha256').update(bytes).digest('hex');
      const decoded = await decodeInputImage(bytes, file, predictor.preprocessing);
      pending.push({ file, sha, input: { pixels: decoded.pixels, modality: decoded.modality }, slot: slots.push(null) - 1 });
    } catch (e) {
      slots.push({ input: file, inputSha256: sha, error: serializeError(e) });
    }
  }
  const predictions = pending.length > 0 ? await predictor.predict(pending.map((p) => p.input)) : [];
  predictions.forEach((prediction, k) => {
    const p = pending[k]!;
    const utc = params.utc ?? new Date().toISOString();
    const o = prediction.outcome;
    const entry: Entry = {
      input: p.file,
      inputSha256: p.sha,
      bundleHash: predictor.hash,
      utc,
      labels: Object.fromEntries(
        Object.entries(o.labels).map(([l, v]) => [
          l,
          {
            probability: v.probability,
            decision: v.decision,
            threshold: v.threshold,
            uncertainty: v.uncertainty,
            abstainReasons: v.abstainReasons,
          },
        ]),
      ),
      ood: { score: o.ood.score, detector: o.ood.detector, flagged: o.ood.flagged, reasons: o.ood.reasons, scores: o.ood.scores },
      abstained: o.abstained,
      modality: o.ood.modality,
      members: prediction.memberCount,
    };
    const stem = p.sha.slice(0, 16);
    if (params.fhirDir) {
      const fhir = buildFhirReport({
        outcome: o,
        inputSha256: p.sha,
        bundleHash: predictor.hash,
        modelName: 'Hilum ViT bundle',
        issuedUtc: utc,
        newUuid: randomUUID,
      });
      entry.fhirFile = path.join(params.fhirDir, `${stem}.fhir.json`);
      writeFileSync(entry.fhirFile, `${JSON.stringify(fhir, null, 2)}\n`);
    }
    if (params.saliencyDir && prediction.saliency) {
      entry.saliencyFile = path.join(params.saliencyDir, `${stem}.saliency.png`);
      writeFileSync(
        entry.saliencyFile,
        renderSaliencyPng(p.input.pixels, predictor.preprocessing.imageSize, prediction.saliency.map, prediction.saliency.grid),
      );
      // The raw map too, so the viewer can draw it over the radiograph with its own colour scale and opacity.
      // A hidden sidecar: the saliency folder stays a folder of images that can itself be given as an input.
      entry.saliencyMapFile = path.join(params.saliencyDir, `.${stem}.saliency.json`);
      const { grid, map } = prediction.saliency;
      writeFileSync(entry.saliencyMapFile, JSON.stringify({ grid, values: Array.from(map, (v) => Math.round(v * 1e4) / 1e4) }));
    }
    slots[p.slot] = entry;
    out.inferences.push({
      inputSha256: p.sha,
      input: p.file,
      bundleHash: predictor.hash,
      utc,
      outputs: {
        labels: Object.fromEntries(
          Object.entries(o.labels).map(([l, v]) => [l, { probability: v.probability, decision: String(v.decision) }]),
        ),
        ood: { score: o.ood.score, flagged: o.ood.flagged, reasons: o.ood.reasons },
        abstained: o.abstained,
      },
    });
  });
  out.results.push(...slots.filter((r): r is Entry => r !== null));
}
