/** Loads the ONNX parity fixtures made by test/fixtures/onnx/makeReference.py (PyTorch reference on real radiographs). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSafetensors } from '../../../src-core/safetensors';
import { repoRoot } from '../../helpers/paths';

export const onnxFixtureDir = path.join(repoRoot, 'test/fixtures/onnx');

export interface ReferenceFixture {
  images: Float32Array[];
  logits: Float32Array;
  features: Float32Array;
  attention: Float32Array | null;
}

export function loadReference(preset: string, imageSize: number): ReferenceFixture {
  const t = parseSafetensors(readFileSync(path.join(onnxFixtureDir, `${preset}.reference.safetensors`))).tensors;
  const px = t.get('pixels')!;
  const plane = imageSize * imageSize;
  const images = Array.from({ length: px.shape[0]! }, (_, i) => px.data.slice(i * plane, (i + 1) * plane));
  return { images, logits: t.get('logits')!.data, features: t.get('features')!.data, attention: t.get('attention')?.data ?? null };
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) return Number.NaN;
    if (d > m) m = d;
  }
  return m;
}
