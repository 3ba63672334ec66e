/** A predictor over one bundle or an ensemble of bundles: normalise → (TTA) → ONNX Runtime in batches → mean logits → calibrated decisions, OOD, saliency. */
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  decideCase,
  scoreOod,
  toMahalanobisModel,
  type CaseOutcome,
  type DecisionSpec,
  type LoadedBundle,
  type OodFile,
  type PreprocessingSpec,
} from '../../src-core/bundle';
import { HilumError } from '../../src-core/errors';
import type { MahalanobisModel } from '../../src-core/metrics/ood/fitMahalanobis';
import { parseSafetensors } from '../../src-core/safetensors';
import { createOrtSession, type ExecutionProviderName, type OrtSessionHandle } from '../onnx/createOrtSession';
import { exportOnnx, PARITY_TOLERANCE } from '../onnx/exportOnnx';
import { runVitSession } from '../onnx/runVitSession';
import { augmentImage, DEFAULT_TTA, IDENTITY, type Augmentation } from './augmentImage';

export interface PredictorOptions {
  threads?: number;
  providers?: ExecutionProviderName[];
  /** Images per ONNX Runtime run (after TTA expansion); default 8. */
  batchSize?: number;
  /** false (default): no TTA; true: DEFAULT_TTA; or an explicit list (the first should be the identity). */
  tta?: boolean | readonly Augmentation[];
  /** Required for more than one bundle: the ensemble's own calibration, thresholds, abstention and OOD (energy on mean logits). */
  ensembleSpec?: DecisionSpec & { ood: OodFile };
  /**
   * Attention-rollout saliency (single bundle only). model.onnx has no attention outputs (ONNX Runtime would
   * compute them on every run, fetched or not: +1 GB and ~20% time at 512 px), so a saliency graph is exported
   * from the bundle's verified weights.safetensors; its logits must match model.onnx's within 1e-4 per image,
   * else EXPORT_PARITY: the map always explains the served model.
   */
  saliency?: boolean;
}

export interface PredictorInput {
  /** imageSize² values in [0, 1] (decoded, resized, not normalised). */
  pixels: Float32Array;
  modality: string | null;
}

export interface Prediction {
  outcome: CaseOutcome;
  /** Mean logits over members × TTA variants. */
  logits: Float32Array;
  memberCount: number;
  saliency: { grid: number; map: Float32Array } | null;
}

interface Member {
  bundle: LoadedBundle;
  handle: OrtSessionHandle;
  mahalanobis: MahalanobisModel | null;
}

export interface Predictor {
  /** The bundle hash, or for an ensemble the SHA-256 of the canonical {members, ensembleSpec}. */
  readonly hash: string;
  readonly memberHashes: string[];
  readonly labels: string[];
  readonly preprocessing: PreprocessingSpec;
  readonly providers: { provider: string; skipped: { provider: string; reason: string }[] }[];
  predict(inputs: PredictorInput[]): Promise<Prediction[]>;
  release(): Promise<void>;
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export async function createPredictor(bundles: LoadedBundle[], options: PredictorOptions = {}): Promise<Predictor> {
  if (bundles.length === 0) throw new HilumError('INVALID_ARGUMENT', 'createPredictor needs at least one bundle', {});
  const first = bundles[0]!;
  const ensemble = bundles.length > 1;
  if (ensemble && !options.ensembleSpec)
    throw new HilumError('INVALID_ARGUMENT', 'an ensemble needs its own calibration (ensembleSpec)', {});
  for (const b of bundles.slice(1)) {
    if (!sameJson(b.spec.labels, first.spec.labels) || !sameJson(b.spec.preprocessing, first.spec.preprocessing)) {
      throw new HilumError('CONFIG_INVALID', `${b.source}: ensemble members must share labels and preprocessing with ${first.source}`, {
        file: b.source,
      });
    }
  }
  const decision: DecisionSpec & { ood: OodFile } = options.ensembleSpec ?? first.spec;
  if (!sameJson(decision.labels, first.spec.labels))
    throw new HilumError('CONFIG_INVALID', "ensembleSpec labels differ from the members' labels", {});
  const augmentations = options.tta === true ? DEFAULT_TTA : options.tta ? options.tta : [IDENTITY];
  // Features (Mahalanobis) and attention (saliency) are read from variant 0: it must be the unaugmented image.
  if (augmentations.length === 0 || augmentations[0]!.rotationDegrees !== 0 || augmentations[0]!.scale !== 1) {
    throw new HilumError('INVALID_ARGUMENT', 'the first test-time augmentation must be the identity', {});
  }
  const hash = ensemble
    ? createHash('sha256')
        .update(canonicalJson({ members: bundles.map((b) => b.bundleHash), ensembleSpec: decision }))
        .digest('hex')
    : first.bundleHash;
  const members: Member[] = [];
  let saliencyHandle: OrtSessionHandle | null = null;
  const releaseSessions = async (): Promise<void> => {
    for (const m of members) await m.handle.session.release();
    await saliencyHandle?.session.release();
  };
  // The worker that runs this is reused for later jobs: sessions made before a failure are released, not leaked.
  try {
    for (const bundle of bundles) {
      const handle = await createOrtSession(bundle.modelBytes, {
        threads: options.threads,
        providers: options.providers,
        file: `${bundle.source}/model.onnx`,
      });
      members.push({
        bundle,
        handle,
        mahalanobis: bundle.spec.ood.mahalanobis ? toMahalanobisModel(bundle.spec.ood.mahalanobis.params) : null,
      });
    }
    if (options.saliency) {
      if (ensemble) throw new HilumError('INVALID_ARGUMENT', 'saliency maps are computed for a single bundle, not an ensemble', {});
      if (!first.readWeights)
        throw new HilumError('UNSUPPORTED', `${first.source}: saliency needs the bundle's weights file`, { file: first.source });
      const weights = parseSafetensors(first.readWeights(), `${first.source}/weights.safetensors`).tensors;
      const { bytes } = await exportOnnx(first.spec.config, weights, { saliencyOutput: true });
      saliencyHandle = await createOrtSession(bytes, {
        threads: options.threads,
        providers: options.providers,
        file: `${first.source} (saliency graph)`,
      });
    }
  } catch (error) {
    await releaseSessions();
    throw error;
  }
  const batchSize = options.batchSize ?? 8;
  const { imageSize, normalization } = first.spec.preprocessing;
  const C = first.spec.config.numClasses;

  async function predict(inputs: PredictorInput[]): Promise<Prediction[]> {
    // Variant v of input i sits at i·V + v; variant 0 is the identity when the caller's list starts with it.
    const V = augmentations.length;
    const variants: Float32Array[] = [];
    for (const input of inputs) {
      const normalised = new Float32Array(input.pixels.length);
      for (let k = 0; k < normalised.length; k++) normalised[k] = (input.pixels[k]! - normalization.mean) / normalization.std;
      for (const a of augmentations) variants.push(augmentImage(normalised, imageSize, a));
    }
    const memberLogits: Float32Array[][] = inputs.map(() => []);
    const features: (Float32Array | null)[] = inputs.map(() => null);
    const saliency: Prediction['saliency'][] = inputs.map(() => null);
    for (const member of members) {
      for (let start = 0; start < variants.length; start += batchSize) {
        const chunk = variants.slice(start, start + batchSize);
        const out = await runVitSession(member.handle.session, chunk, imageSize, { attention: false });
        const D = out.features.length / chunk.length;
        chunk.forEach((_, j) => {
          const flat = start + j;
          const i = Math.floor(flat / V);
          memberLogits[i]!.push(out.logits.slice(j * C, (j + 1) * C));
          if (flat % V === 0 && member === members[0]) features[i] = out.features.slice(j * D, (j + 1) * D);
        });
      }
    }
    if (saliencyHandle) {
      const identity = variants.filter((_, flat) => flat % V === 0);
      for (let start = 0; start < identity.length; start += batchSize) {
        const chunk = identity.slice(start, start + batchSize);
        const out = await runVitSession(saliencyHandle.session, chunk, imageSize, { attention: false, saliency: true });
        const n = out.saliency!.length / chunk.length;
        chunk.forEach((_, j) => {
          const i = start + j;
          const served = memberLogits[i]![0]!; // member 0, variant 0: model.onnx on the unaugmented image
          let diff = 0;
          for (let c = 0; c < C; c++) diff = Math.max(diff, Math.abs(served[c]! - out.logits[j * C + c]!));
          if (!(diff <= PARITY_TOLERANCE)) {
            throw new HilumError(
              'EXPORT_PARITY',
              `${first.source}: the saliency graph's logits differ from model.onnx by ${diff.toExponential(3)}`,
              { file: first.source, maxAbsDiff: diff },
            );
          }
          saliency[i] = { grid: Math.round(Math.sqrt(n)), map: out.saliency!.slice(j * n, (j + 1) * n) };
        });
      }
    }
    return inputs.map((input, i) => {
      const list = memberLogits[i]!;
      const mean = new Float32Array(C);
      for (const z of list) for (let c = 0; c < C; c++) mean[c]! += z[c]! / list.length;
      // Mahalanobis parameters belong to one backbone's feature space: used for a single bundle only.
      const ood = scoreOod(
        decision.ood,
        { logits: mean, features: ensemble ? null : features[i]!, modality: input.modality },
        ensemble ? null : members[0]!.mahalanobis,
      );
      return { outcome: decideCase(decision, mean, ood, list), logits: mean, memberCount: list.length, saliency: saliency[i]! };
    });
  }

  return {
    hash,
    memberHashes: bundles.map((b) => b.bundleHash),
    labels: first.spec.labels.labels,
    preprocessing: first.spec.preprocessing,
    providers: members.map((m) => ({ provider: m.handle.provider, skipped: m.handle.skipped })),
    predict,
    release: async () => {
      await releaseSessions();
    },
  };
}
