/**
 * `--model` as one thing to evaluate: a bundle directory (verified, served as signed, with its own
 * decision rules), a training run (its id, or its directory: best, else last weights, with the run's
 * config and preprocessing), or a .safetensors checkpoint plus a config file. Nothing is computed
 * here: the `model.infer` job exports weights to ONNX behind the parity gate, or re-checks the
 * bundle graph's hash, in a worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MANIFEST_FILE, priorShiftOffset, type BundleSpec, type PreprocessingSpec } from '../../src-core/bundle';
import type { MahalanobisParams } from '../../src-core/bundle/bundleFiles';
import { HilumError } from '../../src-core/errors';
import { parseModelSection, parseTrainConfig } from '../../src-core/model/trainConfig';
import type { VitConfig } from '../../src-core/model/vitConfig';
import { loadBundle } from '../bundle/loadBundle';
import { sha256Hex } from '../governance/sha256Hex';
import type { Store } from '../store/openStore';
import { getRunRecord } from '../runs/runRecords';

export interface EvalModel {
  kind: 'bundle' | 'run' | 'checkpoint' | 'ensemble';
  ref: string;
  /** Bundle hash; for weights, filled in from the job's SHA-256 of the weights file. */
  hash: string;
  config: VitConfig;
  /** Label order of the model's outputs when the model says it (bundles); null: the dataset's order. */
  labelNames: string[] | null;
  /** Per-label temperatures fitted on validation (bundles only). */
  temperatures: Record<string, number> | null;
  /** Per-label label-shift logit offsets of a bundle with a prior shift (else null): served p = σ(z / T + offset). */
  priorOffsets: Record<string, number> | null;
  /** The deployment prevalence each shifted label targets (calibration.json priorShift.target), else null. */
  priorTargets: Record<string, number> | null;
  preprocessing: PreprocessingSpec;
  /** Where the preprocessing came from (a bundle, the run's recorded spec, or the identity default). */
  preprocessingSource: string;
  mahalanobis: MahalanobisParams | null;
  /** The bundle's decision rules (calibration with any prior shift, thresholds, abstention, OOD) — what "as served" means. */
  decisions: Pick<BundleSpec, 'calibration' | 'thresholds' | 'abstention' | 'ood'> | null;
  /** What the `model.infer` job runs. */
  job: { onnxFile?: string; onnxSha256?: string; weightsFile?: string; config: VitConfig };
  weightsFile: string | null;
  /** The training run this model came from, when known. */
  runId: string | null;
  /** An ensemble's members (ensembleEvalModel.ts); absent for a single model. */
  members?: EvalModel[];
}

const identity = (imageSize: number): PreprocessingSpec => ({
  imageSize,
  aspect: 'pad',
  voi: 'header',
  normalization: { mean: 0, std: 1 },
});

export function resolveEvalModel(store: Store, modelRef: string, options: { configFile?: string } = {}): EvalModel {
  if (/^run-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/.test(modelRef)) return fromRun(getRunRecord(store, modelRef).runDir, modelRef);
  const ref = path.resolve(modelRef);
  if (!fs.existsSync(ref))
    throw new HilumError(
      'NOT_FOUND',
      `${ref}: --model does not exist (a bundle directory, a run id or directory, or a .safetensors checkpoint)`,
      { file: ref },
    );
  if (fs.statSync(ref).isDirectory()) {
    if (fs.existsSync(path.join(ref, MANIFEST_FILE))) return fromBundle(ref);
    if (fs.existsSync(path.join(ref, 'run.json'))) return fromRun(ref, null);
    throw new HilumError('EVAL_MODEL_UNRECOGNISED', `${ref}: neither a bundle (no ${MANIFEST_FILE}) nor a training run (no run.json)`, {
      file: ref,
    });
  }
  if (!ref.endsWith('.safetensors'))
    throw new HilumError('EVAL_MODEL_UNRECOGNISED', `${ref}: a file --model must be a .safetensors checkpoint`, { file: ref });
  if (!options.configFile)
    throw new HilumError(
      'EVAL_MODEL_UNRECOGNISED',
      `${ref}: a checkpoint needs --config (a training config or a model section, YAML or JSON)`,
      { file: ref },
    );
  const config = readModelConfig(path.resolve(options.configFile));
  return fromWeights('checkpoint', ref, ref, config, identity(config.imageSize), 'none given: identity normalisation', null);
}

function fromBundle(dir: string): EvalModel {
  const bundle = loadBundle(dir);
  const spec = bundle.spec;
  return {
    kind: 'bundle',
    ref: dir,
    hash: bundle.bundleHash,
    config: spec.config,
    labelNames: [...spec.labels.labels],
    temperatures: { ...spec.calibration.temperatures },
    priorOffsets: spec.calibration.priorShift
      ? Object.fromEntries(spec.labels.labels.map((l) => [l, priorShiftOffset(spec.calibration, l)]))
      : null,
    priorTargets: spec.calibration.priorShift ? { ...spec.calibration.priorShift.target } : null,
    preprocessing: spec.preprocessing,
    preprocessingSource: 'the bundle',
    mahalanobis: spec.ood.mahalanobis?.params ?? null,
    decisions: { calibration: spec.calibration, thresholds: spec.thresholds, abstention: spec.abstention, ood: spec.ood },
    job: {
      onnxFile: path.join(dir, 'model.onnx'),
      onnxSha256: sha256Hex(bundle.modelBytes),
      weightsFile: path.join(dir, 'weights.safetensors'),
      config: spec.config,
    },
    weightsFile: path.join(dir, 'weights.safetensors'),
    runId:
      typeof spec.provenance.trainingRun === 'string' && spec.provenance.trainingRun.startsWith('run-')
        ? spec.provenance.trainingRun
        : null,
  };
}

function fromRun(dir: string, runId: string | null): EvalModel {
  const runFile = path.join(dir, 'run.json');
  let run: unknown;
  try {
    run = JSON.parse(fs.readFileSync(runFile, 'utf8'));
  } catch (error) {
    throw new HilumError('CONFIG_INVALID', `${runFile}: not JSON (${(error as Error).message})`, { file: runFile });
  }
  const config = parseTrainConfig(run, runFile);
  const preprocessing = config.preprocessing ?? identity(config.model.imageSize);
  return fromWeights(
    'run',
    runId ?? dir,
    runWeightsFile(dir, 'best'),
    config.model,
    preprocessing,
    config.preprocessing ? "the run's recorded preprocessing" : 'not recorded by this run: identity normalisation',
    runId,
  );
}

/** A run's weights: `best` (best.safetensors, else the last checkpoint), `last`, or `swa`. */
export function runWeightsFile(dir: string, which: 'best' | 'last' | 'swa'): string {
  const named = path.join(dir, `${which}.safetensors`);
  if (which !== 'last' && fs.existsSync(named)) return named;
  if (which === 'swa')
    throw new HilumError('NOT_FOUND', `${dir}: no swa.safetensors (train with swaEpochs > 0 and let the run finish)`, { file: dir });
  return path.join(lastCheckpointDir(dir), 'weights.safetensors');
}

export function lastCheckpointDir(dir: string): string {
  const last = path.join(dir, 'last.json');
  if (!fs.existsSync(last)) throw new HilumError('NOT_FOUND', `${dir}: training run has no checkpoint (no last.json)`, { file: dir });
  const pointer = JSON.parse(fs.readFileSync(last, 'utf8')) as { dir: string };
  return path.resolve(dir, pointer.dir);
}

function fromWeights(
  kind: 'run' | 'checkpoint',
  ref: string,
  weightsFile: string,
  config: VitConfig,
  preprocessing: PreprocessingSpec,
  preprocessingSource: string,
  runId: string | null,
): EvalModel {
  return {
    kind,
    ref,
    hash: '',
    config,
    labelNames: null,
    temperatures: null,
    priorOffsets: null,
    priorTargets: null,
    preprocessing,
    preprocessingSource,
    mahalanobis: null,
    decisions: null,
    job: { weightsFile, config },
    weightsFile,
    runId,
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
