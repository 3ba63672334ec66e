/** The OOD part of an evaluation: scores every detector on the near-OOD dataset and far-OOD folder, with bootstrap CIs against the in-distribution scores. */
import type { PreprocessingSpec } from '../../src-core/bundle';
import { HilumError } from '../../src-core/errors';
import type { MahalanobisModel } from '../../src-core/metrics/ood/fitMahalanobis';
import { decodeFarOodSet } from './decodeFarOodSet';
import { loadSplitArrays } from '../datasets/loadSplitArrays';
import type { ModelOutputs } from './runOnnxOnArrays';
import type { Store } from '../store/openStore';
import { bootstrapOodEvaluation } from './bootstrapOodEvaluation';
import type { OdinScorer } from './createOdinScorer';
import { oodDetectorScores, type OodDetector } from './oodDetectorScores';
import type { EvalModel } from './resolveEvalModel';
import type { StoredOutputs } from './storeEvaluation';

export interface OodSetResult {
  name: string;
  source: string;
  cases: number;
  rejected?: number;
  files?: string[];
  rejectedFiles?: Array<{ file: string; reason: string }>;
  detectors: Partial<Record<OodDetector, ReturnType<typeof bootstrapOodEvaluation>>>;
}

export interface OodContext {
  store: Store;
  model: EvalModel;
  /** Raw [0, 1] images → ONNX outputs (normalises first). */
  infer: (images: Float32Array[]) => Promise<ModelOutputs>;
  normalise: (image: Float32Array) => Float32Array;
  odin: OdinScorer | null;
  mahalanobis: MahalanobisModel | null;
  idScores: Partial<Record<OodDetector, Float64Array>>;
  bootstrap: { resamples: number; seed: number };
  step: (step: string, detail: string) => void;
}

export async function collectOodSets(ctx: OodContext, request: { oodNear?: string; oodFar?: string }) {
  const sets: OodSetResult[] = [];
  const scoreSets: Array<{ name: string; scores: Partial<Record<OodDetector, Float64Array>> }> = [];
  const outputs: StoredOutputs[] = [];
  const add = async (name: string, source: string, out: ModelOutputs, images: Float32Array[], far?: { files: string[]; rejected: Array<{ file: string; reason: string }> }) => {
    const scores = oodDetectorScores(out, ctx.mahalanobis);
    if (ctx.odin) scores.odin = await ctx.odin.score(images.map(ctx.normalise));
    scoreSets.push({ name, scores });
    const detectors: OodSetResult['detectors'] = {};
    for (const d of Object.keys(ctx.idScores) as OodDetector[]) detectors[d] = bootstrapOodEvaluation(ctx.idScores[d]!, scores[d]!, ctx.bootstrap);
    sets.push({ name, source, cases: out.n, ...(far ? { rejected: far.rejected.length, files: far.files, rejectedFiles: far.rejected } : {}), detectors });
  };
  const size = ctx.model.config.imageSize;
  if (request.oodNear) {
    const near = loadSplitArrays(ctx.store, request.oodNear, null);
    if (near.size !== size) throw new HilumError('INVALID_ARGUMENT', `--ood-near dataset "${request.oodNear}" is cached at ${near.size} px, the model takes ${size}`, { dataset: request.oodNear });
    const out = await ctx.infer(near.pixels);
    await add('near', `dataset ${request.oodNear}`, out, near.pixels);
    outputs.push({ role: 'near', imageIds: near.imageIds, sources: null, outputs: out });
    ctx.step('ood-near', `${out.n} images of ${request.oodNear}`);
  }
  if (request.oodFar) {
    const spec: PreprocessingSpec = ctx.model.preprocessing ?? { imageSize: size, aspect: 'pad', voi: 'header', normalization: { mean: 0, std: 1 } };
    const far = await decodeFarOodSet(request.oodFar, spec);
    if (far.images.length === 0) throw new HilumError('EVAL_EMPTY_SPLIT', `--ood-far ${request.oodFar}: no non-chest image could be decoded (${far.rejected.length} rejected)`, { file: request.oodFar });
    const out = await ctx.infer(far.images);
    await add('far', `folder ${request.oodFar}`, out, far.images, far);
    outputs.push({ role: 'far', imageIds: null, sources: far.files, outputs: out });
    ctx.step('ood-far', `${out.n} decoded non-chest files (${far.rejected.length} could not be decoded)`);
  }
  return { sets, scoreSets, outputs };
}
