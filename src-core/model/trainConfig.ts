/**
 * Training / pretraining configuration (what `hilum train --config` and `hilum pretrain --config` read) and
 * its validation. Pure: the CLI parses JSON / YAML and passes the object here.
 */
import type { PreprocessingSpec } from '../bundle/bundleFiles';
import type { TargetPolicy } from '../datasets/buildTrainingTargets';
import { HilumError } from '../errors';
import { isVitPresetName, type VitConfig, validateVitConfig, vitPresets } from './vitConfig';

export type LossName = 'bce' | 'focal' | 'asymmetric';
export type WeightInitName = 'truncNormal' | 'fanInUniform';

function parseWeightInit(v: unknown, file: string | undefined): WeightInitName {
  if (v === undefined) return 'truncNormal';
  if (v !== 'truncNormal' && v !== 'fanInUniform') fail(file, 'weightInit', 'must be "truncNormal" or "fanInUniform"');
  return v as WeightInitName;
}

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
  /** Data-parallel gradient workers (worker_threads, one tfjs instance each); 1 = in-process. */
  workers: number;
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
}

export const defaultLoss: LossConfig = {
  name: 'bce',
  gamma: 2,
  gammaPos: 0,
  gammaNeg: 4,
  clip: 0.05,
  logitAdjustTau: 0,
  classBalancedBeta: 0,
};
export const defaultAugment: AugmentConfig = {
  brightness: 0.1,
  contrast: 0.1,
  noiseStd: 0.01,
  rotateDeg: 5,
  scale: 0.05,
  randomResizedCrop: null,
  hflip: false,
  mixup: 0,
  cutmix: 0,
};

type Obj = Record<string, unknown>;

function fail(file: string | undefined, field: string, reason: string): never {
  throw new HilumError('CONFIG_INVALID', `${file ?? 'config'}: ${field} ${reason}`, { file, field });
}

function num(
  o: Obj,
  key: string,
  def: number | undefined,
  file: string | undefined,
  prefix: string,
  min = -Infinity,
  max = Infinity,
): number {
  const v = o[key] ?? def;
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(file, prefix + key, `must be a number (got ${JSON.stringify(v)})`);
  if (v < min || v > max) return fail(file, prefix + key, `must be in [${min}, ${max}] (got ${v})`);
  return v;
}

function int(o: Obj, key: string, def: number | undefined, file: string | undefined, prefix: string, min = 0): number {
  const v = num(o, key, def, file, prefix, min);
  if (!Number.isInteger(v)) fail(file, prefix + key, `must be an integer (got ${v})`);
  return v;
}

function obj(v: unknown, file: string | undefined, field: string): Obj {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, field, 'must be an object');
  return v as Obj;
}

function checkKeys(o: Obj, allowed: string[], file: string | undefined, prefix: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(file, prefix + k, `is not a known setting (known: ${allowed.join(', ')})`);
}

export function parseModelSection(v: unknown, file?: string): VitConfig {
  const m = obj(v, file, 'model');
  // channels, layerNormEps and pooling are fixed, but accepted (and checked) so a run's own run.json is a valid config.
  checkKeys(
    m,
    [
      'preset',
      'imageSize',
      'patchSize',
      'width',
      'depth',
      'heads',
      'mlpRatio',
      'numClasses',
      'dropPath',
      'channels',
      'layerNormEps',
      'pooling',
    ],
    file,
    'model.',
  );
  const preset = typeof m.preset === 'string' ? m.preset : 'vit-micro';
  if (!isVitPresetName(preset)) {
    throw new HilumError(
      'CONFIG_INVALID',
      `${file ?? 'config'}: model.preset: Unknown ViT preset "${preset}" (known: ${Object.keys(vitPresets).join(', ')})`,
      { file, field: 'model.preset' },
    );
  }
  const { preset: _p, ...overrides } = m;
  return validateVitConfig({ ...vitPresets[preset], ...(overrides as Partial<VitConfig>) }, file);
}

function parseData(v: unknown, file?: string, needVal = true): TrainConfig['data'] {
  const d = obj(v, file, 'data');
  checkKeys(d, ['source', 'trainDir', 'valDir', 'synthetic'], file, 'data.');
  const source = d.source ?? 'npy';
  if (source !== 'npy' && source !== 'synthetic') fail(file, 'data.source', 'must be "npy" or "synthetic"');
  if (source === 'npy') {
    if (typeof d.trainDir !== 'string') fail(file, 'data.trainDir', 'must name a directory');
    if (needVal ? typeof d.valDir !== 'string' : d.valDir !== undefined && typeof d.valDir !== 'string')
      fail(file, 'data.valDir', 'must name a directory');
    return { source, trainDir: d.trainDir as string, valDir: d.valDir as string | undefined };
  }
  const s = obj(d.synthetic, file, 'data.synthetic');
  return {
    source,
    synthetic: {
      size: int(s, 'size', 64, file, 'data.synthetic.', 1),
      valSize: int(s, 'valSize', 32, file, 'data.synthetic.', 1),
      seed: int(s, 'seed', 1, file, 'data.synthetic.'),
    },
  };
}

function parseBackend(v: unknown, file?: string): TrainConfig['backend'] {
  if (v === undefined) return undefined;
  if (v !== 'tensorflow' && v !== 'webgpu' && v !== 'wasm' && v !== 'cpu')
    fail(file, 'backend', 'must be one of tensorflow, webgpu, wasm, cpu');
  return v as TrainConfig['backend'];
}

/** The run settings every config shares; `lr` default and whether a validation directory is required differ. */
const runSettingKeys = [
  'model',
  'data',
  'epochs',
  'batchSize',
  'microBatch',
  'lr',
  'minLr',
  'warmupEpochs',
  'weightDecay',
  'seed',
  'backend',
  'outDir',
  'weightInit',
];

function parseRunSettings(o: Obj, file: string | undefined, defaults: { lr: number; needVal: boolean }): RunSettings {
  if (typeof o.outDir !== 'string' || o.outDir === '') fail(file, 'outDir', 'must name an output directory');
  const batchSize = int(o, 'batchSize', 16, file, '', 1);
  const microBatch = int(o, 'microBatch', Math.min(batchSize, 8), file, '', 1);
  if (batchSize % microBatch !== 0) fail(file, 'microBatch', `must divide batchSize ${batchSize} (got ${microBatch})`);
  return {
    model: parseModelSection(o.model, file),
    data: parseData(o.data, file, defaults.needVal),
    epochs: int(o, 'epochs', 10, file, '', 1),
    batchSize,
    microBatch,
    lr: num(o, 'lr', defaults.lr, file, '', 0, 10),
    minLr: num(o, 'minLr', 1e-6, file, '', 0, 10),
    warmupEpochs: num(o, 'warmupEpochs', 1, file, '', 0),
    weightDecay: num(o, 'weightDecay', 0.05, file, '', 0, 10),
    seed: int(o, 'seed', 0, file, ''),
    weightInit: parseWeightInit(o.weightInit, file),
    backend: parseBackend(o.backend, file),
    outDir: o.outDir as string,
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

const uncertainPolicies = ['ignore', 'ones', 'zeros', 'ones-lsr', 'zeros-lsr', 'fixed'] as const;

export function parseTargetPolicy(v: unknown, file?: string, seed = 0): TargetPolicy {
  const t = obj(v, file, 'targets');
  checkKeys(t, ['uncertain', 'blank', 'low', 'high', 'value', 'seed'], file, 'targets.');
  const uncertain = t.uncertain ?? 'ignore';
  if (!uncertainPolicies.includes(uncertain as (typeof uncertainPolicies)[number]))
    fail(file, 'targets.uncertain', `must be one of ${uncertainPolicies.join(', ')} (got ${JSON.stringify(uncertain)})`);
  const blank = t.blank ?? 'zero';
  if (blank !== 'zero' && blank !== 'ignore') fail(file, 'targets.blank', `must be "zero" or "ignore" (got ${JSON.stringify(blank)})`);
  const b = blank as 'zero' | 'ignore';
  if (uncertain === 'fixed') return { uncertain, value: num(t, 'value', undefined, file, 'targets.', 0, 1), blank: b };
  if (uncertain === 'ones-lsr' || uncertain === 'zeros-lsr') {
    const [low, high] = uncertain === 'ones-lsr' ? [0.55, 0.85] : [0, 0.3];
    const policy = {
      uncertain: uncertain as 'ones-lsr' | 'zeros-lsr',
      low: num(t, 'low', low, file, 'targets.', 0, 1),
      high: num(t, 'high', high, file, 'targets.', 0, 1),
      seed: int(t, 'seed', seed, file, 'targets.'),
      blank: b,
    };
    if (policy.low > policy.high) fail(file, 'targets.low', `must not exceed targets.high (${policy.high})`);
    return policy;
  }
  for (const k of ['low', 'high', 'value', 'seed'])
    if (t[k] !== undefined) fail(file, `targets.${k}`, `applies only to ${k === 'value' ? 'fixed' : 'ones-lsr / zeros-lsr'}`);
  return { uncertain: uncertain as 'ignore' | 'ones' | 'zeros', blank: b };
}

function parsePreprocessing(v: unknown, file: string | undefined, model: VitConfig): PreprocessingSpec | undefined {
  if (v === undefined) return undefined;
  const p = obj(v, file, 'preprocessing');
  checkKeys(p, ['imageSize', 'aspect', 'voi', 'normalization'], file, 'preprocessing.');
  const n = obj(p.normalization, file, 'preprocessing.normalization');
  checkKeys(n, ['mean', 'std'], file, 'preprocessing.normalization.');
  const imageSize = int(p, 'imageSize', model.imageSize, file, 'preprocessing.', 1);
  if (imageSize !== model.imageSize)
    fail(file, 'preprocessing.imageSize', `must equal model.imageSize ${model.imageSize} (got ${imageSize})`);
  const aspect = p.aspect ?? 'pad';
  if (aspect !== 'pad' && aspect !== 'stretch') fail(file, 'preprocessing.aspect', 'must be "pad" or "stretch"');
  const voi = p.voi ?? 'header';
  if (voi !== 'header' && voi !== 'percentile') fail(file, 'preprocessing.voi', 'must be "header" or "percentile"');
  const std = num(n, 'std', 1, file, 'preprocessing.normalization.');
  if (!(std > 0)) fail(file, 'preprocessing.normalization.std', `must be positive (got ${std})`);
  return {
    imageSize,
    aspect: aspect as 'pad' | 'stretch',
    voi: voi as 'header' | 'percentile',
    normalization: { mean: num(n, 'mean', 0, file, 'preprocessing.normalization.'), std },
  };
}

export function parseTrainConfig(input: unknown, file?: string): TrainConfig {
  const raw = unwrapRunJson(input);
  const o = obj(raw, file, '(top level)');
  checkKeys(
    o,
    [
      ...runSettingKeys,
      'initWeights',
      'linearProbe',
      'clipNorm',
      'layerDecay',
      'ema',
      'swaEpochs',
      'loss',
      'augment',
      'workers',
      'targets',
      'dataset',
      'preprocessing',
    ],
    file,
    '',
  );
  if (o.dataset !== undefined && typeof o.dataset !== 'string') fail(file, 'dataset', 'must be a dataset name');
  const l = obj(o.loss, file, 'loss');
  checkKeys(l, Object.keys(defaultLoss), file, 'loss.');
  const lossName = l.name ?? 'bce';
  if (lossName !== 'bce' && lossName !== 'focal' && lossName !== 'asymmetric') fail(file, 'loss.name', 'must be bce, focal or asymmetric');
  const a = obj(o.augment, file, 'augment');
  checkKeys(a, Object.keys(defaultAugment), file, 'augment.');
  const rrc =
    a.randomResizedCrop === undefined || a.randomResizedCrop === null
      ? null
      : {
          minArea: num(
            obj(a.randomResizedCrop, file, 'augment.randomResizedCrop'),
            'minArea',
            0.6,
            file,
            'augment.randomResizedCrop.',
            0.05,
            1,
          ),
        };
  if (o.initWeights !== undefined && typeof o.initWeights !== 'string') fail(file, 'initWeights', 'must be a file path');
  const settings = parseRunSettings(o, file, { lr: 5e-4, needVal: true });
  return {
    ...settings,
    initWeights: o.initWeights as string | undefined,
    linearProbe:
      o.linearProbe === undefined
        ? false
        : o.linearProbe === true
          ? true
          : o.linearProbe === false
            ? false
            : fail(file, 'linearProbe', 'must be true or false'),
    clipNorm: num(o, 'clipNorm', 1, file, '', 0),
    layerDecay: num(o, 'layerDecay', 1, file, '', 0.01, 1),
    ema: num(o, 'ema', 0, file, '', 0, 0.999999),
    swaEpochs: int(o, 'swaEpochs', 0, file, ''),
    loss: {
      name: lossName as LossName,
      gamma: num(l, 'gamma', defaultLoss.gamma, file, 'loss.', 0),
      gammaPos: num(l, 'gammaPos', defaultLoss.gammaPos, file, 'loss.', 0),
      gammaNeg: num(l, 'gammaNeg', defaultLoss.gammaNeg, file, 'loss.', 0),
      clip: num(l, 'clip', defaultLoss.clip, file, 'loss.', 0, 0.5),
      logitAdjustTau: num(l, 'logitAdjustTau', 0, file, 'loss.', 0),
      classBalancedBeta: num(l, 'classBalancedBeta', 0, file, 'loss.', 0, 0.99999999),
    },
    augment: {
      brightness: num(a, 'brightness', defaultAugment.brightness, file, 'augment.', 0, 1),
      contrast: num(a, 'contrast', defaultAugment.contrast, file, 'augment.', 0, 1),
      noiseStd: num(a, 'noiseStd', defaultAugment.noiseStd, file, 'augment.', 0, 1),
      rotateDeg: num(a, 'rotateDeg', defaultAugment.rotateDeg, file, 'augment.', 0, 45),
      scale: num(a, 'scale', defaultAugment.scale, file, 'augment.', 0, 0.5),
      randomResizedCrop: rrc,
      hflip: a.hflip === true,
      mixup: num(a, 'mixup', 0, file, 'augment.', 0, 1),
      cutmix: num(a, 'cutmix', 0, file, 'augment.', 0, 1),
    },
    workers: int(o, 'workers', 1, file, '', 1),
    targets: parseTargetPolicy(o.targets, file, settings.seed),
    ...(o.dataset === undefined ? {} : { dataset: o.dataset as string }),
    ...(o.preprocessing === undefined ? {} : { preprocessing: parsePreprocessing(o.preprocessing, file, settings.model) }),
  };
}

export function parsePretrainConfig(input: unknown, file?: string): PretrainConfig {
  const o = obj(unwrapRunJson(input), file, '(top level)');
  checkKeys(o, [...runSettingKeys, 'maskRatio', 'decoderWidth', 'decoderDepth', 'decoderHeads'], file, '');
  const run = parseRunSettings(o, file, { lr: 1.5e-4, needVal: false });
  const decoderWidth = int(o, 'decoderWidth', 64, file, '', 1);
  const decoderHeads = int(o, 'decoderHeads', 2, file, '', 1);
  if (decoderWidth % decoderHeads !== 0) fail(file, 'decoderWidth', `must be divisible by decoderHeads ${decoderHeads}`);
  return {
    ...run,
    maskRatio: num(o, 'maskRatio', 0.75, file, '', 0.05, 0.95),
    decoderWidth,
    decoderDepth: int(o, 'decoderDepth', 1, file, '', 1),
    decoderHeads,
  };
}
