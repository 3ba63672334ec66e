/** The ViT configuration type shared by training (tfjs) and export/inference (ONNX), plus named presets. */
import { HilumError } from '../errors';

export interface VitConfig {
  imageSize: number;
  patchSize: number;
  channels: 1;
  width: number;
  depth: number;
  heads: number;
  mlpRatio: number;
  numClasses: number;
  layerNormEps: 1e-6;
  dropPath: number;
  pooling: 'cls';
}

export type VitPresetName = 'vit-micro' | 'vit-ti16' | 'vit-s16' | 'vit-b16';

const base = { channels: 1, numClasses: 14, layerNormEps: 1e-6, dropPath: 0, pooling: 'cls' } as const;

export const vitPresets: Readonly<Record<VitPresetName, VitConfig>> = {
  'vit-micro': { ...base, imageSize: 32, patchSize: 8, width: 32, depth: 2, heads: 2, mlpRatio: 2 },
  'vit-ti16': { ...base, imageSize: 224, patchSize: 16, width: 192, depth: 12, heads: 3, mlpRatio: 4 },
  'vit-s16': { ...base, imageSize: 224, patchSize: 16, width: 384, depth: 12, heads: 6, mlpRatio: 4 },
  'vit-b16': { ...base, imageSize: 224, patchSize: 16, width: 768, depth: 12, heads: 12, mlpRatio: 4 },
};

export function isVitPresetName(name: string): name is VitPresetName {
  return Object.prototype.hasOwnProperty.call(vitPresets, name);
}

/** A preset with optional overrides (image size, classes, drop-path), validated. */
export function vitPreset(name: string, overrides: Partial<VitConfig> = {}): VitConfig {
  if (!isVitPresetName(name)) {
    throw new HilumError('CONFIG_INVALID', `Unknown ViT preset "${name}" (known: ${Object.keys(vitPresets).join(', ')})`, { preset: name });
  }
  return validateVitConfig({ ...vitPresets[name], ...overrides });
}

/** Derived sizes: patches per side, number of patches, MLP hidden width, head dimension. */
export function vitDims(c: VitConfig): { grid: number; numPatches: number; mlpHidden: number; headDim: number } {
  const grid = c.imageSize / c.patchSize;
  return { grid, numPatches: grid * grid, mlpHidden: Math.round(c.width * c.mlpRatio), headDim: c.width / c.heads };
}

/** Throws CONFIG_INVALID naming the first field that breaks the ViT's shape rules. */
export function validateVitConfig(c: VitConfig, file?: string): VitConfig {
  const fail = (field: string, reason: string): never => {
    throw new HilumError('CONFIG_INVALID', `${file ? `${file}: ` : ''}model.${field} ${reason}`, { file, field });
  };
  const posInt = (field: keyof VitConfig): void => {
    const v = c[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) fail(field, `must be a positive integer (got ${String(v)})`);
  };
  posInt('imageSize');
  posInt('patchSize');
  posInt('width');
  posInt('depth');
  posInt('heads');
  posInt('numClasses');
  if (c.channels !== 1) fail('channels', 'must be 1 (Hilum models take single-channel radiographs)');
  if (c.imageSize % c.patchSize !== 0) fail('imageSize', `must be a multiple of patchSize ${c.patchSize} (got ${c.imageSize})`);
  if (c.width % c.heads !== 0) fail('width', `must be divisible by heads ${c.heads} (got ${c.width})`);
  if (typeof c.mlpRatio !== 'number' || !(c.mlpRatio > 0)) fail('mlpRatio', 'must be a positive number');
  if (typeof c.dropPath !== 'number' || c.dropPath < 0 || c.dropPath >= 1) fail('dropPath', 'must be in [0, 1)');
  if (c.pooling !== 'cls') fail('pooling', 'must be "cls"');
  if (c.layerNormEps !== 1e-6) fail('layerNormEps', 'must be 1e-6');
  return c;
}
