/**
 * Canonical (PyTorch-layout) tensors ⇄ tfjs-internal layout. Inside tfjs every Linear weight is held as
 * [in, out] and the patch embedding as [P·P, D], so the forward pass multiplies plainly (no transposed
 * matMul, which is slow in tfjs-wasm). Everything else keeps its canonical shape.
 */
import type { NamedTensor } from '../../src-core/safetensors/types';

export function isLinearWeight(name: string): boolean {
  return name === 'head.weight' || /\.(qkv|proj|fc1|fc2)\.weight$/.test(name);
}

function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

export function toInternal(name: string, t: NamedTensor): NamedTensor {
  if (name === 'patch_embed.proj.weight') {
    const D = t.shape[0]!;
    const k = t.data.length / D;
    return { shape: [k, D], data: transpose2d(t.data, D, k) };
  }
  if (isLinearWeight(name)) {
    const [out, inp] = t.shape as [number, number];
    return { shape: [inp, out], data: transpose2d(t.data, out, inp) };
  }
  return t;
}

export function toCanonical(name: string, t: NamedTensor, patchSize: number): NamedTensor {
  if (name === 'patch_embed.proj.weight') {
    const [k, D] = t.shape as [number, number];
    return { shape: [D, 1, patchSize, patchSize], data: transpose2d(t.data, k, D) };
  }
  if (isLinearWeight(name)) {
    const [inp, out] = t.shape as [number, number];
    return { shape: [out, inp], data: transpose2d(t.data, inp, out) };
  }
  return t;
}
