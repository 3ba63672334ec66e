/**
 * `hilum model predict`: logits and features of one input. --input takes a float32 .npy [H, W] or [1, 1, H, W]
 * fed as-is; --image takes PNG / JPEG / DICOM, decoded to [0, 1] luminance, padded square to the model's size,
 * then normalised with the weights' `preprocess.mean` / `preprocess.std` metadata when present.
 * When the weights' head size differs from the preset's, the head follows the weights.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { HilumError } from '../../src-core/errors';
import { headClassesOf, importCheckpoint } from '../../src-core/model/importCheckpoint';
import { parseNpy } from '../../src-core/model/parseNpy';
import { parseModelSection } from '../../src-core/model/trainConfig';
import { isVitPresetName, type VitConfig, vitPreset } from '../../src-core/model/vitConfig';
import { loadDicomImage } from '../dicom/loadDicomImage';
import { decodeRasterImage, sniffRasterKind } from '../datasets/image/decodeRasterImage';
import { resampleToSquare } from '../datasets/image/resampleToSquare';
import { type BackendName, selectBackend } from './backends';
import { readSafetensorsFile } from './loadVitWeights';
import { VitModel } from './VitModel';

export interface PredictParams {
  /** Preset name or a JSON file with a `model` section (or a bare model object). */
  config: string;
  weights: string;
  image?: string;
  input?: string;
  backend?: BackendName;
}

export interface PredictResult {
  logits: number[];
  features: number[];
  numClasses: number;
  backend: BackendName;
  notes: string[];
}

function readConfig(spec: string): VitConfig {
  if (isVitPresetName(spec)) return vitPreset(spec);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(spec, 'utf8'));
  } catch (e) {
    throw new HilumError('CONFIG_INVALID', `${spec}: neither a preset name nor a readable JSON config (${(e as Error).message})`, {
      file: spec,
    });
  }
  const r = raw as Record<string, unknown>;
  return parseModelSection(typeof r.model === 'object' ? r.model : r, spec);
}

async function readInput(p: PredictParams, size: number, metadata: Record<string, string>): Promise<Float32Array> {
  if (p.input) {
    const a = parseNpy(readFileSync(p.input), p.input);
    const ok =
      (a.shape.length === 2 && a.shape[0] === size && a.shape[1] === size) ||
      (a.shape.length === 4 && a.shape[0] === 1 && a.shape[1] === 1 && a.shape[2] === size && a.shape[3] === size);
    if (!ok)
      throw new HilumError(
        'INVALID_ARGUMENT',
        `${p.input}: shape [${a.shape.join(', ')}] must be [${size}, ${size}] or [1, 1, ${size}, ${size}]`,
        { file: p.input },
      );
    return a.data;
  }
  if (!p.image) throw new HilumError('INVALID_ARGUMENT', 'give --image or --input', {});
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(p.image);
  } catch (e) {
    throw new HilumError('IO_ERROR', `${p.image}: cannot read (${(e as Error).message})`, { file: p.image });
  }
  const pixels = sniffRasterKind(bytes)
    ? resampleToSquare(await decodeRasterImage(bytes, p.image), size, 'pad').pixels
    : (await loadDicomImage(bytes, p.image, { size, aspect: 'pad' })).pixels;
  const mean = Number(metadata['preprocess.mean'] ?? 0);
  const std = Number(metadata['preprocess.std'] ?? 1);
  return pixels.map((v) => (v - mean) / std);
}

export async function predictVit(p: PredictParams): Promise<PredictResult> {
  const backend = await selectBackend(p.backend);
  let config = readConfig(p.config);
  const st = readSafetensorsFile(p.weights);
  const notes: string[] = [];
  const headC = headClassesOf(st.tensors);
  if (headC !== undefined && headC !== config.numClasses) {
    notes.push(`head follows the weights: ${headC} classes (config said ${config.numClasses})`);
    config = { ...config, numClasses: headC };
  }
  const { tensors, notes: importNotes } = importCheckpoint(st.tensors, config, { file: p.weights });
  const model = VitModel.fromCanonical(config, tensors);
  try {
    const x = await readInput(p, config.imageSize, st.metadata);
    const [logits, features] = tf.tidy(() => {
      const r = model.predict(tf.tensor4d(x, [1, 1, config.imageSize, config.imageSize]));
      return [Array.from(r.logits.dataSync()), Array.from(r.features.dataSync())];
    });
    return { logits: logits!, features: features!, numClasses: config.numClasses, backend, notes: [...notes, ...importNotes] };
  } finally {
    model.dispose();
  }
}
