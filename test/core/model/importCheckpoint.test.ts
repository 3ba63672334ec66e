// Checkpoint import: name maps (timm, MAE, torchvision incl. linear_1/linear_2), clear MODEL_WEIGHTS errors, bicubic resampling.
import { describe, expect, it } from 'vitest';
import { canonicalShapes } from '../../../src-core/model/canonicalShapes';
import { toCanonicalName } from '../../../src-core/model/checkpointNameMap';
import { headClassesOf, importCheckpoint } from '../../../src-core/model/importCheckpoint';
import { resizeBicubic } from '../../../src-core/model/resizeBicubic';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { HilumError } from '../../../src-core/errors';
import type { NamedTensor } from '../../../src-core/safetensors/types';

const config = vitPreset('vit-micro', { numClasses: 3 });
function timmTensors(): Map<string, NamedTensor> {
  const m = new Map<string, NamedTensor>();
  for (const [n, s] of canonicalShapes(config)) m.set(n, { shape: s, data: new Float32Array(s.reduce((a, b) => a * b, 1)).fill(0.5) });
  return m;
}

describe('importCheckpoint', () => {
  it('maps torchvision names, old and new MLP naming', () => {
    expect(toCanonicalName('encoder.layers.encoder_layer_3.self_attention.in_proj_weight', 'torchvision')).toBe('blocks.3.attn.qkv.weight');
    expect(toCanonicalName('encoder.layers.encoder_layer_0.mlp.0.bias', 'torchvision')).toBe('blocks.0.mlp.fc1.bias');
    expect(toCanonicalName('encoder.layers.encoder_layer_0.mlp.linear_2.weight', 'torchvision')).toBe('blocks.0.mlp.fc2.weight');
    expect(toCanonicalName('encoder.layers.encoder_layer_1.self_attention.out_proj.bias', 'torchvision')).toBe('blocks.1.attn.proj.bias');
    expect(toCanonicalName('heads.head.weight', 'torchvision')).toBe('head.weight');
    expect(toCanonicalName('encoder.ln.bias', 'torchvision')).toBe('norm.bias');
  });

  it('accepts an MAE encoder without head, ignoring decoder tensors and mask_token', () => {
    const m = timmTensors();
    m.delete('head.weight');
    m.delete('head.bias');
    m.set('mask_token', { shape: [1, 1, 8], data: new Float32Array(8) });
    m.set('decoder_embed.weight', { shape: [8, 32], data: new Float32Array(256) });
    const r = importCheckpoint(m, config, { allowMissingHead: true });
    expect(r.tensors.has('head.weight')).toBe(false);
    expect(r.ignored.sort()).toEqual(['decoder_embed.weight', 'mask_token']);
    expect(() => importCheckpoint(m, config)).toThrow(/missing: head.weight, head.bias/);
  });

  it('lists missing, unexpected and mis-shaped tensors together', () => {
    const m = timmTensors();
    m.delete('blocks.1.norm2.bias');
    m.set('fc_norm.weight', { shape: [32], data: new Float32Array(32) });
    m.set('blocks.0.mlp.fc1.weight', { shape: [10, 32], data: new Float32Array(320) });
    try {
      importCheckpoint(m, config, { file: 'x.safetensors' });
      expect.unreachable();
    } catch (e) {
      const err = e as HilumError;
      expect(err.code).toBe('MODEL_WEIGHTS');
      expect(err.message).toContain('x.safetensors');
      expect(err.details.missing).toEqual(['blocks.1.norm2.bias']);
      expect(err.details.unexpected).toEqual(['fc_norm.weight']);
      expect((err.details.misshaped as Array<{ name: string }>)[0]!.name).toBe('blocks.0.mlp.fc1.weight');
    }
  });

  it('reports the head size and drops a mismatched head on request', () => {
    const m = timmTensors();
    expect(headClassesOf(m)).toBe(3);
    const c14 = vitPreset('vit-micro');
    expect(() => importCheckpoint(m, c14)).toThrow(/mis-shaped: head.weight/);
    expect(importCheckpoint(m, c14, { dropMismatchedHead: true }).tensors.has('head.bias')).toBe(false);
  });

  it('bicubic resize keeps a constant and a linear ramp exact inside the grid', () => {
    const g = new Float32Array(16).fill(3);
    expect([...resizeBicubic(g, 4, 4, 1, 6, 6)].every((v) => Math.abs(v - 3) < 1e-6)).toBe(true);
    const same = new Float32Array(Array.from({ length: 16 }, (_, i) => i * 0.1));
    const r = resizeBicubic(same, 4, 4, 1, 4, 4);
    r.forEach((v, i) => expect(v).toBeCloseTo(same[i]!, 6));
  });
});
