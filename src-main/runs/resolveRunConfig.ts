/**
 * The config a `hilum train --dataset` run trains with: the user's config file (or none), command-line
 * overrides on top, the model's class count from the dataset, and — once the arrays exist — the data
 * directories, output directory and preprocessing. Validated by parseTrainConfig at every stage, so
 * errors name the field before anything is computed.
 */
import { canonicalJson } from '../../src-core/bundle/canonicalJson';
import type { PreprocessingSpec } from '../../src-core/bundle';
import { HilumError } from '../../src-core/errors';
import { parseTrainConfig, unwrapRunJson, type TrainConfig } from '../../src-core/model/trainConfig';
import { sha256Hex } from '../governance/sha256Hex';

export interface RunOverrides {
  preset?: string;
  imageSize?: number;
  epochs?: number;
  seed?: number;
}

type Obj = Record<string, unknown>;

function asObject(v: unknown, file: string | undefined): Obj {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw new HilumError('CONFIG_INVALID', `${file ?? 'config'}: (top level) must be an object`, { file });
  return structuredClone(v) as Obj;
}

/** The raw config with overrides applied; `data`, `outDir` and `preprocessing` are filled in by the caller. */
export function applyRunOverrides(
  raw: unknown,
  file: string | undefined,
  o: RunOverrides & { dataset: string; numClasses: number; cachedSize: number },
): Obj {
  const config = asObject(unwrapRunJson(raw), file);
  const model = asObject(config.model, file);
  if (o.preset !== undefined) model.preset = o.preset;
  if (o.imageSize !== undefined) model.imageSize = o.imageSize;
  model.imageSize ??= o.cachedSize;
  if (model.numClasses !== undefined && model.numClasses !== o.numClasses) {
    throw new HilumError(
      'CONFIG_INVALID',
      `${file ?? 'config'}: model.numClasses is ${String(model.numClasses)} but dataset "${o.dataset}" has ${o.numClasses} labels`,
      { file, field: 'model.numClasses' },
    );
  }
  model.numClasses = o.numClasses;
  config.model = model;
  if (o.epochs !== undefined) config.epochs = o.epochs;
  if (o.seed !== undefined) config.seed = o.seed;
  config.dataset = o.dataset;
  // A previous run's own data and output folders are not this run's.
  delete config.data;
  delete config.outDir;
  delete config.preprocessing;
  return config;
}

/** Validates a config before its data exist (placeholders for the folders that are made later). */
export function checkRunConfig(config: Obj, file: string | undefined): TrainConfig {
  return parseTrainConfig(
    { ...config, data: { source: 'npy', trainDir: '(prepared)', valDir: '(prepared)' }, outDir: '(run folder)' },
    file,
  );
}

export function completeRunConfig(
  config: Obj,
  file: string | undefined,
  filled: { trainDir: string; valDir: string; outDir: string; preprocessing: PreprocessingSpec },
): TrainConfig {
  return parseTrainConfig(
    {
      ...config,
      data: { source: 'npy', trainDir: filled.trainDir, valDir: filled.valDir },
      outDir: filled.outDir,
      preprocessing: filled.preprocessing,
    },
    file,
  );
}

/** SHA-256 of the resolved config without its folders: equal for the same recipe on any machine. */
export function configHash(config: TrainConfig): string {
  const { outDir: _o, data: _d, ...rest } = config;
  return sha256Hex(canonicalJson(rest));
}
