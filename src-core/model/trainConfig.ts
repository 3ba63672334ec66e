/**
 * Training / pretraining configuration (what `hilum train --config` and `hilum pretrain --config` read) and
 * its validation. Pure: the CLI parses JSON / YAML and passes the object here.
 */
import { resolveTrainingEngine } from './resolveTrainingEngine';
import type { PreprocessingSpec } from '../bundle/bundleFiles';
import type { TargetPolicy } from '../datasets/buildTrainingTargets';
import type { z } from 'zod';
import { HilumError } from '../errors';
import { parseDocument } from '../validate';
import type { MaeShape } from './estimateTrainingMemory';
import { resolveMicroBatch } from './resolveMicroBatch';
import {
  augmentSchema,
  lossSchema,
  modelSectionSchema,
  preprocessingSchema,
  pretrainConfigSchema,
  targetsSchema,
  trainConfigSchema,
} from './trainConfigSchema';
import { isVitPresetName, type VitConfig, validateVitConfig, vitPresets } from './vitConfig';

export type LossName = 'bce' | 'focal' | 'asymmetric';
export type CheckpointMetric = 'auprc' | 'auroc';
export type WeightInitName = 'truncNormal' | 'fanInUniform';

export interface LossConfig {
  name: LossName;
  /** focal γ */
  gamma: number;
  /** asymmetric loss γ+ / γ− and probability margin for negatives */
  gammaPos: number;
  gammaNeg: number;
  clip: number;
  /** logit adjustment τ (0 = off): logits + τ·log(π/(1−π)) during training, π = label prevalence */
  logitAdjustTau: number;
  /** class-balanced weights β (0 = off): weight_c ∝ (1−β)/(1−β^n_c), normalised to mean 1 */
  classBalancedBeta: number;
}

export interface AugmentConfig {
  brightness: number;
  contrast: number;
  noiseStd: number;
  rotateDeg: number;
  scale: number;
  randomResizedCrop: { minArea: number } | null;
  hflip: boolean;
  mixup: number;
  cutmix: number;
}

/** What every run has, training or MAE pretraining: model, data, schedule, seed, backend, output. */
export interface RunSettings {
  model: VitConfig;
  data: { source: 'npy' | 'synthetic'; trainDir?: string; valDir?: string; synthetic?: { size: number; valSize: number; seed: number } };
  epochs: number;
  batchSize: number;
  microBatch: number;
  lr: number;
  minLr: number;
  warmupEpochs: number;
  weightDecay: number;
  seed: number;
  /** Fresh weights: 'truncNormal' (timm, std 0.02) or 'fanInUniform' (PyTorch default; better for small ViTs on small data). */
  weightInit: WeightInitName;
  backend?: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  outDir: string;
}

export type TrainingEngineName = 'onnxruntime' | 'tfjs';
export type TrainingEngineChoice = TrainingEngineName | 'auto';

export interface TrainConfig extends RunSettings {
  /** Pretrained or MAE encoder weights (safetensors, any supported layout). */
  initWeights?: string;
  /** Train only the head on frozen features computed once (the CPU path for big ViTs). */
  linearProbe: boolean;
  clipNorm: number;
  layerDecay: number;
  ema: number;
  swaEpochs: number;
  loss: LossConfig;
  augment: AugmentConfig;
  /** Data-parallel gradient workers (worker_threads, one tfjs instance each); 1 = in-process; 'auto' = resolveTrainingWorkers. */
  workers: number | 'auto';
  /** What computes the gradients: ONNX Runtime's CPU kernels on the ViT's training graph, or tfjs; 'auto' = resolveTrainingEngine. */
  engine: TrainingEngineChoice;
  /** Validation metric that picks the `best` checkpoint: macro-AUPRC (the recipe's first choice, kinder to rare labels) or macro-AUROC. */
  selectBy: CheckpointMetric;
  /** How stored label states become targets (uncertain and blank labels); used when training from a stored dataset. */
  targets: TargetPolicy;
  /** Stored dataset the arrays came from (`hilum train --dataset`), recorded for lineage. */
  dataset?: string;
  /** What the arrays are (size, aspect, VOI, normalisation): recorded in run.json and carried into the bundle. */
  preprocessing?: PreprocessingSpec;
}

export interface PretrainConfig extends RunSettings {
  maskRatio: number;
  decoderWidth: number;
  decoderDepth: number;
  decoderHeads: number;
  /** What computes the gradients, as for fine-tuning (resolveTrainingEngine). */
  engine: TrainingEngineChoice;
}

// The defaults live in the schema (trainConfigSchema.ts): these are what an empty section parses to.
export const defaultLoss: LossConfig = lossSchema.parse(undefined);
export const defaultAugment: AugmentConfig = augmentSchema.parse(undefined);

type Obj = Record<string, unknown>;

function fail(file: string | undefined, field: string, reason: string): never {
  throw new HilumError('CONFIG_INVALID', `${file ?? 'config'}: ${field} ${reason}`, { file, field });
}

const parse = <T>(schema: z.ZodType<T>, value: unknown, file: string | undefined, path = ''): T =>
  parseDocument(schema, value, { code: 'CONFIG_INVALID', file: file ?? 'config', path });

export function parseModelSection(v: unknown, file?: string): VitConfig {
  const { preset, ...overrides } = parse(modelSectionSchema, v, file, 'model');
  if (!isVitPresetName(preset)) {
    throw new HilumError(
      'CONFIG_INVALID',
      `${file ?? 'config'}: model.preset: Unknown ViT preset "${preset}" (known: ${Object.keys(vitPresets).join(', ')})`,
      { file, field: 'model.preset' },
    );
  }
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return validateVitConfig({ ...vitPresets[preset], ...(given as Partial<VitConfig>) }, file);
}

/** What decides a step's memory besides the model: a linear probe (forward only) or MAE's masking and decoder. */
interface StepShape {
  linearProbe: boolean;
  mae?: MaeShape;
}

type ParsedRunSettings = z.output<typeof trainConfigSchema> | z.output<typeof pretrainConfigSchema>;

/** The run settings every config shares, after the schema: the model preset merged and the micro-batch resolved. */
function resolveRunSettings(o: ParsedRunSettings, file: string | undefined, step: StepShape): RunSettings {
  const model = parseModelSection(o.model, file);
  if (o.microBatch !== undefined && o.batchSize % o.microBatch !== 0)
    fail(file, 'microBatch', `must divide batchSize ${o.batchSize} (got ${o.microBatch})`);
  // Chosen from the model's memory estimate when unset; an explicit one that overflows the wasm heap is refused here, before training.
  const microBatch = resolveMicroBatch({ model, batchSize: o.batchSize, microBatch: o.microBatch, backend: o.backend, file, ...step });
  return {
    model,
    data: o.data,
    epochs: o.epochs,
    batchSize: o.batchSize,
    microBatch,
    lr: o.lr,
    minLr: o.minLr,
    warmupEpochs: o.warmupEpochs,
    weightDecay: o.weightDecay,
    seed: o.seed,
    weightInit: o.weightInit,
    backend: o.backend,
    outDir: o.outDir,
  };
}

/** A run's run.json holds its resolved config under `config` next to its provenance: that config is what is parsed. */
export function unwrapRunJson(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Obj;
    if (typeof o.codeVersion === 'string' && typeof o.dataHash === 'string' && o.config && typeof o.config === 'object') return o.config;
  }
  return raw;
}

export function parseTargetPolicy(v: unknown, file?: string, seed = 0): TargetPolicy {
  return resolveTargetPolicy(parse(targetsSchema, v, file, 'targets'), file, seed);
}

/** Fills the policy's own defaults (label-smoothing ranges, the run's seed). */
function resolveTargetPolicy(t: z.output<typeof targetsSchema>, file: string | undefined, seed: number): TargetPolicy {
  const blank = t.blank;
  if (t.uncertain === 'fixed') return { uncertain: 'fixed', value: t.value!, blank };
  if (t.uncertain === 'ones-lsr' || t.uncertain === 'zeros-lsr') {
    const [low, high] = t.uncertain === 'ones-lsr' ? [0.55, 0.85] : [0, 0.3];
    const policy = { uncertain: t.uncertain, low: t.low ?? low, high: t.high ?? high, seed: t.seed ?? seed, blank };
    if (policy.low > policy.high) fail(file, 'targets.low', `must not exceed targets.high (${policy.high})`);
    return policy;
  }
  return { uncertain: t.uncertain, blank };
}

function resolvePreprocessing(p: z.output<typeof preprocessingSchema>, file: string | undefined, model: VitConfig): PreprocessingSpec {
  const imageSize = p.imageSize ?? model.imageSize;
  if (imageSize !== model.imageSize)
    fail(file, 'preprocessing.imageSize', `must equal model.imageSize ${model.imageSize} (got ${imageSize})`);
  return { imageSize, aspect: p.aspect, voi: p.voi, normalization: p.normalization };
}

export function parseTrainConfig(input: unknown, file?: string): TrainConfig {
  const o = parse(trainConfigSchema, unwrapRunJson(input), file);
  const settings = resolveRunSettings(o, file, { linearProbe: o.linearProbe });
  // refuses `engine: onnxruntime` beside a linear probe or a GPU tfjs backend before any work starts
  resolveTrainingEngine({ engine: o.engine, linearProbe: o.linearProbe, backend: settings.backend }, file);
  return {
    ...settings,
    initWeights: o.initWeights,
    linearProbe: o.linearProbe,
    clipNorm: o.clipNorm,
    layerDecay: o.layerDecay,
    ema: o.ema,
    swaEpochs: o.swaEpochs,
    loss: o.loss,
    augment: o.augment,
    workers: o.workers,
    engine: o.engine,
    selectBy: o.selectBy,
    targets: resolveTargetPolicy(o.targets, file, settings.seed),
    ...(o.dataset === undefined ? {} : { dataset: o.dataset }),
    ...(o.preprocessing === undefined ? {} : { preprocessing: resolvePreprocessing(o.preprocessing, file, settings.model) }),
  };
}

export function parsePretrainConfig(input: unknown, file?: string): PretrainConfig {
  const o = parse(pretrainConfigSchema, unwrapRunJson(input), file);
  const mae = { maskRatio: o.maskRatio, decoderWidth: o.decoderWidth, decoderDepth: o.decoderDepth, decoderHeads: o.decoderHeads };
  const run = resolveRunSettings(o, file, { linearProbe: false, mae });
  resolveTrainingEngine({ engine: o.engine, linearProbe: false, backend: run.backend }, file);
  return { ...run, ...mae, engine: o.engine };
}
