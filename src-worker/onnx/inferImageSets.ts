/**
 * The worker side of `model.infer`: one model (a bundle's verified graph, or weights exported here
 * behind the parity gate on the first set's images), one ONNX Runtime session, every image set through
 * it, and the outputs written as .npy files (logits [n, C], features [n, D], ODIN scores [n]).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PreprocessingSpec } from '../../src-core/bundle';
import type { ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import { parseModelSection } from '../../src-core/model/trainConfig';
import { serializeNpy } from '../../src-core/model/serializeNpy';
import { parseSafetensors, serializeSafetensors, type NamedTensor } from '../../src-core/safetensors';
import { createOdinScorer, type OdinScorer } from './createOdinScorer';
import { createOrtSession } from './createOrtSession';
import { decodeFarOodSet } from './decodeFarOodSet';
import { exportOnnx, ONNX_IR_VERSION, ONNX_OPSET } from './exportOnnx';
import { loadCachedImages } from './loadCachedImages';
import { augmentImage, DEFAULT_TTA } from '../inference/augmentImage';
import type * as ort from 'onnxruntime-node';
import { runOnnxOnArrays, type ModelOutputs } from './runOnnxOnArrays';

type Params = ParamsOf<'model.infer'>;
type Result = ResultOf<'model.infer'>;
type SetResult = Result['sets'][number];

/** Tensors of a safetensors file, optionally only those under a prefix (the prefix stripped). */
function readWeights(file: string, prefix: string | undefined): Map<string, NamedTensor> {
  const all = parseSafetensors(new Uint8Array(fs.readFileSync(file)), file).tensors;
  if (!prefix) return all;
  const picked = new Map<string, NamedTensor>();
  for (const [name, tensor] of all) if (name.startsWith(prefix)) picked.set(name.slice(prefix.length), tensor);
  if (picked.size === 0)
    throw new HilumError('NOT_FOUND', `${file}: no tensors under "${prefix}" (was the run trained with that option?)`, { file, prefix });
  return picked;
}

function normaliser(spec: PreprocessingSpec): (x: Float32Array) => Float32Array {
  const { mean, std } = spec.normalization;
  return mean === 0 && std === 1 ? (x) => x : (x) => x.map((v) => (v - mean) / std);
}

function writeOutputs(outDir: string, name: string, out: ModelOutputs): { logitsFile: string; featuresFile: string } {
  const logits = new Float32Array(out.n * out.numClasses);
  for (let i = 0; i < out.n; i++) for (let c = 0; c < out.numClasses; c++) logits[i * out.numClasses + c] = out.logitColumns[c]![i]!;
  const logitsFile = path.join(outDir, `${name}.logits.npy`);
  const featuresFile = path.join(outDir, `${name}.features.npy`);
  fs.writeFileSync(logitsFile, serializeNpy(logits, [out.n, out.numClasses]));
  fs.writeFileSync(featuresFile, serializeNpy(Float32Array.from(out.features), [out.n, out.width]));
  return { logitsFile, featuresFile };
}

async function loadSet(
  params: Params,
  set: Params['sets'][number],
): Promise<{ images: Float32Array[]; files: string[] | null; rejected: SetResult['rejected'] }> {
  if (set.cacheKeys)
    return { images: loadCachedImages(params.cacheDir, set.cacheKeys, params.preprocessing.imageSize).images, files: null, rejected: [] };
  if (!set.folder)
    throw new HilumError('INVALID_ARGUMENT', `image set "${set.name}" names neither cache keys nor a folder`, { set: set.name });
  const far = await decodeFarOodSet(set.folder, params.preprocessing);
  if (far.images.length === 0)
    throw new HilumError('EVAL_EMPTY_SPLIT', `${set.folder}: no image could be decoded (${far.rejected.length} rejected)`, {
      file: set.folder,
    });
  return { images: far.images, files: far.files, rejected: far.rejected };
}

/** Logits averaged over the TTA variants (as predict serves them); features of the unaugmented image (variant 0, the identity). */
async function runWithTta(session: ort.InferenceSession, images: Float32Array[], imageSize: number): Promise<ModelOutputs> {
  const plain = await runOnnxOnArrays(session, images, imageSize);
  for (const a of DEFAULT_TTA.slice(1)) {
    const out = await runOnnxOnArrays(
      session,
      images.map((x) => augmentImage(x, imageSize, a)),
      imageSize,
    );
    out.logitColumns.forEach((column, l) => column.forEach((z, i) => (plain.logitColumns[l]![i]! += z)));
  }
  for (const column of plain.logitColumns) for (let i = 0; i < column.length; i++) column[i]! /= DEFAULT_TTA.length;
  return plain;
}

export async function inferImageSets(params: Params, progress: (message: string) => void): Promise<Result> {
  fs.mkdirSync(params.outDir, { recursive: true });
  const normalise = normaliser(params.preprocessing);
  const loaded = new Map<string, Awaited<ReturnType<typeof loadSet>>>();
  const setOf = async (set: Params['sets'][number]) => {
    if (!loaded.has(set.name)) loaded.set(set.name, await loadSet(params, set));
    return loaded.get(set.name)!;
  };
  const { model } = params;
  let onnx: Uint8Array;
  let parityMaxAbsDiff: number | null = null;
  let weightsSha256: string | null = null;
  let exported: Result['exported'] = null;
  let weights: Map<string, NamedTensor> | null = null;
  const config = parseModelSection(model.config ?? undefined, model.weightsFile ?? model.onnxFile);
  if (model.onnxFile) {
    onnx = new Uint8Array(fs.readFileSync(model.onnxFile));
    const digest = createHash('sha256').update(onnx).digest('hex');
    if (model.onnxSha256 && digest !== model.onnxSha256)
      throw new HilumError('BUNDLE_INTEGRITY', `${model.onnxFile}: SHA-256 ${digest} differs from the manifest's ${model.onnxSha256}`, {
        file: model.onnxFile,
      });
    if (model.weightsFile && params.odin) weights = readWeights(model.weightsFile, undefined);
  } else if (model.weightsFile) {
    weightsSha256 = createHash('sha256').update(fs.readFileSync(model.weightsFile)).digest('hex');
    weights = readWeights(model.weightsFile, model.weightsPrefix);
    const first = params.sets[0];
    const parityImages = first ? (await setOf(first)).images.slice(0, 4).map(normalise) : [];
    // The parity gate: an export that does not reproduce the tfjs forward on these real images throws EXPORT_PARITY.
    const result = await exportOnnx(config, weights, { parityImages, source: model.weightsFile });
    onnx = result.bytes;
    parityMaxAbsDiff = result.parityMaxAbsDiff ?? null;
    progress(`exported to ONNX; parity max |Δlogit| ${parityMaxAbsDiff?.toExponential(2) ?? 'not checked'}`);
    if (params.exportDir) {
      fs.mkdirSync(params.exportDir, { recursive: true });
      exported = {
        onnxFile: path.join(params.exportDir, 'model.onnx'),
        weightsFile: path.join(params.exportDir, 'weights.safetensors'),
        opset: ONNX_OPSET,
        irVersion: ONNX_IR_VERSION,
      };
      fs.writeFileSync(exported.onnxFile, onnx);
      fs.writeFileSync(exported.weightsFile, serializeSafetensors(weights));
    }
  } else {
    throw new HilumError('INVALID_ARGUMENT', 'model.infer needs a bundle graph (onnxFile) or weights (weightsFile + config)', {});
  }
  const { session } = await createOrtSession(onnx);
  let odin: OdinScorer | null = null;
  try {
    if (params.odin) {
      if (!weights) throw new HilumError('INVALID_ARGUMENT', 'ODIN needs the model weights (tfjs input gradients)', {});
      const validation = params.odin.validationSet ? params.sets.find((s) => s.name === params.odin!.validationSet) : undefined;
      odin = await createOdinScorer(config, weights, session, {
        temperature: params.odin.temperature,
        epsilon: params.odin.epsilon,
        validation: validation ? (await setOf(validation)).images.map(normalise) : null,
      });
    }
    const sets: SetResult[] = [];
    for (const set of params.sets) {
      // The validation set only chooses ODIN's ε; it is not an output.
      if (params.odin?.validationSet === set.name) continue;
      const { images, files, rejected } = await setOf(set);
      const normalised = images.map(normalise);
      const out = params.tta
        ? await runWithTta(session, normalised, config.imageSize)
        : await runOnnxOnArrays(session, normalised, config.imageSize);
      const written = writeOutputs(params.outDir, set.name, out);
      let odinFile: string | null = null;
      if (odin) {
        odinFile = path.join(params.outDir, `${set.name}.odin.npy`);
        fs.writeFileSync(odinFile, serializeNpy(Float32Array.from(await odin.score(normalised)), [out.n]));
      }
      sets.push({ name: set.name, n: out.n, numClasses: out.numClasses, width: out.width, ...written, odinFile, files, rejected });
      loaded.delete(set.name);
      progress(`${set.name}: ${out.n} images through ONNX Runtime`);
    }
    return {
      parityMaxAbsDiff,
      weightsSha256,
      exported,
      odin: odin ? { temperature: odin.temperature, epsilon: odin.epsilon, selection: odin.selection, backend: odin.backend } : null,
      sets,
    };
  } finally {
    odin?.dispose();
    await session.release();
  }
}
