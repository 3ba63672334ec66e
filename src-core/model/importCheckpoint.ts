/**
 * Turns a checkpoint's tensors (timm, MAE or torchvision layout; 1 or 3 input channels; any position-embedding
 * grid) into canonical single-channel tensors for a ViT config, or throws MODEL_WEIGHTS listing every problem.
 * - 3-channel patch kernels are summed over RGB: a grey image fed as R = G = B gives the same response.
 * - Position embeddings are resampled bicubically from the checkpoint's grid to the target grid; the cls
 *   position is kept as is.
 * - MAE extras (decoder_*, mask_token) are ignored; a missing head is allowed only with allowMissingHead.
 */
import { HilumError } from '../errors';
import type { NamedTensor } from '../safetensors/types';
import { canonicalShapes } from './canonicalShapes';
import { type CheckpointLayout, detectLayout, isMaeExtra, toCanonicalName } from './checkpointNameMap';
import { resizeBicubic } from './resizeBicubic';
import { type VitConfig, vitDims } from './vitConfig';

export interface ImportOptions {
  file?: string;
  /** Leave head.* out of the result instead of failing when the checkpoint has none (MAE encoders). */
  allowMissingHead?: boolean;
  /** Leave head.* out when its class count differs from the config's (a new task's head). */
  dropMismatchedHead?: boolean;
}

export interface ImportResult {
  tensors: Map<string, NamedTensor>;
  layout: CheckpointLayout;
  ignored: string[];
  notes: string[];
}

export function importCheckpoint(source: Map<string, NamedTensor>, config: VitConfig, opts: ImportOptions = {}): ImportResult {
  const layout = detectLayout(source.keys());
  const expected = canonicalShapes(config);
  const out = new Map<string, NamedTensor>();
  const unexpected: string[] = [];
  const ignored: string[] = [];
  const notes: string[] = [];
  const misshaped: Array<{ name: string; expected: number[]; got: number[] }> = [];
  const seen = new Set<string>();
  for (const [name, t] of source) {
    if (isMaeExtra(name)) {
      ignored.push(name);
      continue;
    }
    const canon = toCanonicalName(name, layout);
    const want = canon === undefined ? undefined : expected.get(canon);
    if (canon === undefined || want === undefined) {
      unexpected.push(name);
      continue;
    }
    seen.add(canon);
    let fixed = t;
    if (canon === 'patch_embed.proj.weight' && t.shape.length === 4 && t.shape[1] === 3) {
      fixed = sumOverChannels(t);
      notes.push('patch_embed.proj.weight: summed 3 RGB input channels into 1');
    } else if (canon === 'pos_embed' && t.shape.length === 3 && t.shape[2] === want[2] && t.shape[1] !== want[1]) {
      const resized = resamplePosEmbed(t, vitDims(config).grid);
      if (resized) {
        fixed = resized;
        notes.push(`pos_embed: resampled bicubically from ${t.shape[1]! - 1} to ${want[1]! - 1} patches`);
      }
    }
    if (!sameShape(fixed.shape, want)) {
      if (canon.startsWith('head.') && opts.dropMismatchedHead) {
        ignored.push(name);
        notes.push(`${canon}: checkpoint head [${t.shape.join(',')}] dropped (config wants [${want.join(',')}])`);
        continue;
      }
      misshaped.push({ name, expected: want, got: t.shape });
      continue;
    }
    out.set(canon, { shape: [...want], data: fixed.data });
  }
  const missing = [...expected.keys()].filter(
    (n) => !seen.has(n) && !(n.startsWith('head.') && (opts.allowMissingHead || opts.dropMismatchedHead)),
  );
  if (missing.length || unexpected.length || misshaped.length) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing: ${missing.join(', ')}`);
    if (unexpected.length) parts.push(`unexpected: ${unexpected.join(', ')}`);
    if (misshaped.length)
      parts.push(`mis-shaped: ${misshaped.map((m) => `${m.name} [${m.got.join(',')}] expected [${m.expected.join(',')}]`).join('; ')}`);
    throw new HilumError('MODEL_WEIGHTS', `${opts.file ?? 'checkpoint'} (${layout} layout) does not fit the model: ${parts.join(' | ')}`, {
      file: opts.file,
      layout,
      missing,
      unexpected,
      misshaped,
    });
  }
  return { tensors: out, layout, ignored, notes };
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sumOverChannels(t: NamedTensor): NamedTensor {
  const [D, C, kh, kw] = t.shape as [number, number, number, number];
  const k = kh * kw;
  const data = new Float32Array(D * k);
  for (let d = 0; d < D; d++) {
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += t.data[(d * C + c) * k + i]!;
      data[d * k + i] = s;
    }
  }
  return { shape: [D, 1, kh, kw], data };
}

/** Returns undefined when the checkpoint's patch count is not a square (then the shape check reports it). */
function resamplePosEmbed(t: NamedTensor, targetGrid: number): NamedTensor | undefined {
  const D = t.shape[2]!;
  const n = t.shape[1]! - 1;
  const g = Math.round(Math.sqrt(n));
  if (g * g !== n) return undefined;
  const grid = resizeBicubic(t.data.subarray(D), g, g, D, targetGrid, targetGrid);
  const data = new Float32Array(D * (1 + targetGrid * targetGrid));
  data.set(t.data.subarray(0, D));
  data.set(grid, D);
  return { shape: [1, 1 + targetGrid * targetGrid, D], data };
}

/** Class count of a checkpoint's head, if it has one (so `model predict` can follow the weights). */
export function headClassesOf(source: Map<string, NamedTensor>): number | undefined {
  const layout = detectLayout(source.keys());
  for (const [name, t] of source) if (toCanonicalName(name, layout) === 'head.bias') return t.shape[0];
  return undefined;
}
