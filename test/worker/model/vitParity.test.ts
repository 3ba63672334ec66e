// Parity: timm- and torchvision-layout checkpoints made with PyTorch reproduce PyTorch's logits and features.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { loadVitWeights, readSafetensorsFile } from '../../../src-worker/model/loadVitWeights';
import { selectBackend } from '../../../src-worker/model/backends';
import { repoRoot } from '../../helpers/paths';
import type { NamedTensor } from '../../../src-core/safetensors/types';

const dir = path.join(repoRoot, 'test/fixtures/model');
const ref = readSafetensorsFile(path.join(dir, 'reference.safetensors')).tensors;
const get = (n: string): NamedTensor => {
  const t = ref.get(n);
  if (!t) throw new Error(`fixture tensor ${n} missing`);
  return t;
};

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function run(file: string, imageSize: number, input: string): { logits: Float32Array; features: Float32Array } {
  const config = vitPreset('vit-micro', { numClasses: 3, imageSize });
  const { model } = loadVitWeights(config, path.join(dir, file));
  const x = get(input);
  const out = tf.tidy(() => {
    const r = model.predict(tf.tensor(x.data, x.shape));
    return [r.logits.dataSync() as Float32Array, r.features.dataSync() as Float32Array] as const;
  });
  model.dispose();
  return { logits: out[0], features: out[1] };
}

describe.each(['cpu', 'wasm'] as const)('ViT parity with PyTorch on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });
  it('timm layout, 3-channel kernels summed, 32 px', () => {
    const r = run('timm_micro_rgb.safetensors', 32, 'x32');
    expect(maxAbsDiff(r.logits, get('timm_logits32').data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.features, get('timm_feats32').data)).toBeLessThan(1e-4);
  });
  it('timm layout with position embeddings resampled bicubically to 48 px', () => {
    const r = run('timm_micro_rgb.safetensors', 48, 'x48');
    expect(maxAbsDiff(r.logits, get('timm_logits48').data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.features, get('timm_feats48').data)).toBeLessThan(1e-4);
  });
  it('torchvision layout (F16 file)', () => {
    const r = run('tv_micro_f16.safetensors', 32, 'x32');
    expect(maxAbsDiff(r.logits, get('tv_logits32').data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(r.features, get('tv_feats32').data)).toBeLessThan(1e-4);
  });
});
