/**
 * `--model` as one thing to evaluate: a bundle directory (verified, served as signed), a training run
 * directory (best, else last weights, with the run's model config), or a .safetensors checkpoint plus
 * a config file. Weights are exported to ONNX in memory behind the parity gate, so what is measured is
 * always ONNX Runtime on the exported graph.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MANIFEST_FILE, type PreprocessingSpec } from '../../src-core/bundle';
import type { MahalanobisParams } from '../../src-core/bundle/bundleFiles';
import { HilumError } from '../../src-core/errors';
import { parseModelSection } from '../../src-core/model/trainConfig';
import type { VitConfig } from '../../src-core/model/vitConfig';
import { parseSafetensors, type NamedTensor } from '../../src-core/safetensors';
import { exportOnnx } from '../../src-worker/onnx/exportOnnx';
import { loadBundle, verifyBundle } from '../bundle/loadBundle';
import { sha256Hex } from '../bundle/sha256Hex';

export interface EvalModel {
  kind: 'bundle' | 'run' | 'checkpoint';
  ref: string;
  /** Bundle hash, or SHA-256 of the weights file. */
  hash: string;
  config: VitConfig;
  modelBytes: Uint8Array;
  /** Label order of the model's outputs when the model says it (bundles); null: the dataset's order. */
  labelNames: string[] | null;
  /** Per-label temperatures fitted on validation (bundles only). */
  temperatures: Record<string, number> | null;
  preprocessing: PreprocessingSpec | null;
  mahalanobis: MahalanobisParams | null;
  /** max |Δlogit| tfjs vs ONNX Runtime when exported here; the bundle's recorded value is not re-read. */
  parityMaxAbsDiff: number | null;
  weightsFile: string | null;
  /** The canonical weights (for tfjs work such as ODIN's input gradients); a bundle's are re-verified against its manifest. */
  readWeights: () => Map<string, NamedTensor>;
}

export async function resolveEvalModel(modelPath: string, options: { configFile?: string; parityImages: Float32Array[] }): Promise<EvalModel> {
  const ref = path.resolve(modelPath);
  if (!fs.existsSync(ref)) throw new HilumError('NOT_FOUND', `${ref}: --model does not exist`, { file: ref });
  if (fs.statSync(ref).isDirectory()) {
    if (fs.existsSync(path.join(ref, MANIFEST_FILE))) return fromBundle(ref);
    if (fs.existsSync(path.join(ref, 'run.json'))) return fromRun(ref, options.parityImages);
    throw new HilumError('EVAL_MODEL_UNRECOGNISED', `${ref}: neither a bundle (no ${MANIFEST_FILE}) nor a training run (no run.json)`, { file: ref });
  }
  if (!ref.endsWith('.safetensors')) throw new HilumError('EVAL_MODEL_UNRECOGNISED', `${ref}: a file --model must be a .safetensors checkpoint`, { file: ref });
  if (!options.configFile) throw new HilumError('EVAL_MODEL_UNRECOGNISED', `${ref}: a checkpoint needs --config (a training config or a model section, YAML or JSON)`, { file: ref });
  const config = readModelConfig(path.resolve(options.configFile));
  return fromWeights('checkpoint', ref, ref, config, options.parityImages);
}

function fromBundle(dir: string): EvalModel {
  const bundle = loadBundle(dir);
  const spec = bundle.spec;
  return {
    kind: 'bundle', ref: dir, hash: bundle.bundleHash, config: spec.config, modelBytes: bundle.modelBytes, labelNames: [...spec.labels.labels],
    temperatures: { ...spec.calibration.temperatures }, preprocessing: spec.preprocessing, mahalanobis: spec.ood.mahalanobis?.params ?? null,
    parityMaxAbsDiff: null, weightsFile: null,
    readWeights: () => {
      const file = path.join(dir, 'weights.safetensors');
      const { files } = verifyBundle(dir, { expectedHash: bundle.bundleHash });
      return parseSafetensors(files.get('weights.safetensors')!, file).tensors;
    },
  };
}

async function fromRun(dir: string, parityImages: Float32Array[]): Promise<EvalModel> {
  const runFile = path.join(dir, 'run.json');
  let run: { config?: { model?: unknown } };
  try {
    run = JSON.parse(fs.readFileSync(runFile, 'utf8'));
  } catch (error) {
    throw new HilumError('CONFIG_INVALID', `${runFile}: not JSON (${(error as Error).message})`, { file: runFile });
  }
  const config = parseModelSection(run.config?.model, runFile);
  const best = path.join(dir, 'best.safetensors');
  let weightsFile = best;
  if (!fs.existsSync(best)) {
    const last = path.join(dir, 'last.json');
    if (!fs.existsSync(last)) throw new HilumError('NOT_FOUND', `${dir}: training run has neither best.safetensors nor last.json`, { file: dir });
    const pointer = JSON.parse(fs.readFileSync(last, 'utf8')) as { dir: string };
    weightsFile = path.join(path.resolve(dir, pointer.dir), 'weights.safetensors');
  }
  return fromWeights('run', dir, weightsFile, config, parityImages);
}

async function fromWeights(kind: 'run' | 'checkpoint', ref: string, weightsFile: string, config: VitConfig, parityImages: Float32Array[]): Promise<EvalModel> {
  const bytes = new Uint8Array(fs.readFileSync(weightsFile));
  const weights = parseSafetensors(bytes, weightsFile).tensors;
  // The parity gate: an export that does not reproduce the tfjs forward on these real images throws EXPORT_PARITY.
  const exported = await exportOnnx(config, weights, { parityImages: parityImages.slice(0, 4), source: weightsFile });
  return {
    kind, ref, hash: sha256Hex(bytes), config, modelBytes: exported.bytes, labelNames: null, temperatures: null, preprocessing: null, mahalanobis: null,
    parityMaxAbsDiff: exported.parityMaxAbsDiff, weightsFile, readWeights: () => weights,
  };
}

function readModelConfig(file: string): VitConfig {
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HilumError('CONFIG_INVALID', `${file}: cannot read as YAML/JSON (${(error as Error).message})`, { file });
  }
  const section = raw && typeof raw === 'object' && 'model' in raw ? (raw as { model: unknown }).model : raw;
  return parseModelSection(section, file);
}
