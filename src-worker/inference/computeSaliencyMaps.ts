/**
 * The `inference.saliency` job: for each input, the map that explains one finding of a verified bundle,
 * by occlusion sensitivity on the bundle's own model.onnx or by attention rollout, with optional PNG
 * overlay and JSON map files (written atomically, so a reader never sees half a cache file).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calibrateProbability, priorShiftOffset, type LoadedBundle } from '../../src-core/bundle';
import type { JobContext, ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import { displaySaliency } from '../../src-core/saliency/displaySaliency';
import { createOrtSession } from '../onnx/createOrtSession';
import { createPredictor } from './createPredictor';
import { decodeInputImage } from './decodeInputImage';
import { occlusionSaliency } from './occlusionSaliency';
import { rehydrateBundle } from './rehydrateBundle';
import { renderSaliencyPng } from './renderSaliencyPng';
import { runLogits } from './runLogits';

type Params = ParamsOf<'inference.saliency'>;
type Result = ResultOf<'inference.saliency'>;
type MapResult = Result['maps'][number];

/** One input's map and the logits of the unoccluded image, from the decoded pixels in [0, 1] or the same normalised. */
type Explain = (
  pixels: Float32Array,
  normalised: Float32Array,
  onBatch: (done: number, total: number) => void,
) => Promise<{ logits: Float32Array; map: Float32Array; grid: number }>;

function writeAtomically(file: string, bytes: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new HilumError('IO_ERROR', `${file}: could not read (${(e as Error).message})`, { file });
  }
}

/** Calibrated probabilities per label, and the finding asked for ('top': the highest probability). */
function resolveFinding(
  bundle: LoadedBundle,
  logits: Float32Array,
  asked: string,
): { label: string; index: number; probabilities: Record<string, number> } {
  const { labels } = bundle.spec.labels;
  const { calibration } = bundle.spec;
  const probabilities = Object.fromEntries(
    labels.map((l, i) => [l, calibrateProbability(logits[i]!, calibration.temperatures[l]!, priorShiftOffset(calibration, l))]),
  );
  const index =
    asked === 'top'
      ? labels.reduce((best, l, i) => (probabilities[l]! > probabilities[labels[best]!]! ? i : best), 0)
      : labels.indexOf(asked);
  if (index < 0)
    throw new HilumError('INVALID_ARGUMENT', `${bundle.source}: the model has no finding "${asked}" (it has ${labels.join(', ')})`, {
      file: bundle.source,
      finding: asked,
    });
  return { label: labels[index]!, index, probabilities };
}

/** The method's explainer over one bundle; its sessions are released by the caller through `release`. */
async function createExplainer(
  bundle: LoadedBundle,
  params: Params,
  release: (() => Promise<void>)[],
  signal?: AbortSignal,
): Promise<Explain> {
  if (params.method === 'attention') {
    // The predictor re-exports the rollout graph from the verified weights and refuses it unless it reproduces model.onnx.
    const predictor = await createPredictor([bundle], { saliency: true, threads: params.threads, batchSize: 1 });
    release.push(() => predictor.release());
    // The predictor normalises itself: it takes the [0, 1] pixels.
    return async (pixels) => {
      const [prediction] = await predictor.predict([{ pixels, modality: null }]);
      const saliency = prediction!.saliency!;
      return { logits: prediction!.logits, map: saliency.map, grid: saliency.grid };
    };
  }
  const { session } = await createOrtSession(bundle.modelBytes, { threads: params.threads, file: `${bundle.source}/model.onnx` });
  release.push(() => session.release());
  const { imageSize } = bundle.spec.preprocessing;
  return async (_pixels, normalised, onBatch) => {
    const { logits } = await runLogits(session, [normalised], imageSize);
    const { index, label } = resolveFinding(bundle, logits, params.finding);
    const o = await occlusionSaliency(session, normalised, {
      imageSize,
      patchSize: bundle.spec.config.patchSize,
      windowPatches: params.windowPatches ?? 1,
      labelIndex: index,
      temperature: bundle.spec.calibration.temperatures[label]!,
      offset: priorShiftOffset(bundle.spec.calibration, label),
      batchSize: params.batchSize ?? 16,
      signal,
      onBatch,
    });
    return { logits, map: o.map, grid: o.grid };
  };
}

export async function computeSaliencyMaps(params: Params, ctx?: Pick<JobContext, 'signal' | 'progress'>): Promise<Result> {
  const bundle = rehydrateBundle(params.bundle);
  const { imageSize, normalization } = bundle.spec.preprocessing;
  const release: (() => Promise<void>)[] = [];
  try {
    const explain = await createExplainer(bundle, params, release, ctx?.signal);
    const maps: MapResult[] = [];
    for (const [k, item] of params.items.entries()) {
      ctx?.signal.throwIfAborted();
      const bytes = readInput(item.file);
      const decoded = await decodeInputImage(bytes, item.file, bundle.spec.preprocessing);
      const normalised = decoded.pixels.map((v) => (v - normalization.mean) / normalization.std);
      const { logits, map, grid } = await explain(decoded.pixels, normalised, (done, total) =>
        ctx?.progress({
          fraction: (k + done / total) / params.items.length,
          message: `${params.items.length > 1 ? `input ${k + 1} of ${params.items.length}: ` : ''}${done} of ${total} occluded windows`,
        }),
      );
      const { label, probabilities } = resolveFinding(bundle, logits, params.finding);
      const values = Array.from(map);
      const peak = Math.max(...values);
      const result: MapResult = {
        file: item.file,
        inputSha256: createHash('sha256').update(bytes).digest('hex'),
        method: params.method,
        finding: label,
        probability: probabilities[label]!,
        probabilities,
        grid,
        values,
        peak,
        windowPatches: params.method === 'occlusion' ? (params.windowPatches ?? 1) : 0,
      };
      if (item.pngFile) {
        writeAtomically(item.pngFile, renderSaliencyPng(decoded.pixels, imageSize, displaySaliency(map, peak), grid));
        result.pngFile = item.pngFile;
      }
      if (item.mapFile) {
        writeAtomically(item.mapFile, JSON.stringify({ ...result, mapFile: item.mapFile }));
        result.mapFile = item.mapFile;
      }
      maps.push(result);
      ctx?.progress({ fraction: (k + 1) / params.items.length, message: `${k + 1} of ${params.items.length} maps done` });
    }
    return { bundleHash: bundle.bundleHash, maps };
  } finally {
    for (const r of release) await r();
  }
}
