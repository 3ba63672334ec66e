// ONNX export parity against an independent PyTorch forward (test/fixtures/onnx/makeReference.py) on real radiographs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { parseSafetensors } from '../../../src-core/safetensors';
import { createOrtSession } from '../../../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../../../src-worker/onnx/exportOnnx';
import { runVitSession } from '../../../src-worker/onnx/runVitSession';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { loadReference, maxAbsDiff, onnxFixtureDir } from './onnxFixtures';

const micro = vitPreset('vit-micro');
const microWeights = parseSafetensors(readFileSync(path.join(onnxFixtureDir, 'vit-micro.weights.safetensors'))).tensors;

describe('exportOnnx', () => {
  it('hashed weights in TS equal the ones numpy wrote (the fixtures rely on it)', () => {
    const ts = hashedVitWeights(micro);
    expect([...ts.keys()].sort()).toEqual([...microWeights.keys()].sort());
    for (const [name, t] of ts) expect(maxAbsDiff(t.data, microWeights.get(name)!.data), name).toBe(0);
  });

  it('vit-micro: logits, features and attention match PyTorch within 1e-4 (batch of 4 and batch of 1)', async () => {
    const ref = loadReference('vit-micro', 32);
    const { bytes } = await exportOnnx(micro, microWeights, { attentionOutput: true });
    const { session } = await createOrtSession(bytes);
    const out = await runVitSession(session, ref.images, 32, { attention: true });
    expect(maxAbsDiff(out.logits, ref.logits)).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(out.features, ref.features)).toBeLessThanOrEqual(1e-4);
    expect(out.attentionDims).toEqual([2, 4, 17, 17]);
    expect(maxAbsDiff(out.attention!, ref.attention!)).toBeLessThanOrEqual(1e-5);
    const single = await runVitSession(session, [ref.images[2]!], 32, { attention: false });
    expect(maxAbsDiff(single.logits, ref.logits.slice(28, 42))).toBeLessThanOrEqual(1e-4);
    await session.release();
  });

  it('the parity gate passes with the reference and throws EXPORT_PARITY when the reference disagrees', async () => {
    const ref = loadReference('vit-micro', 32);
    const ok = await exportOnnx(micro, microWeights, { parity: { images: ref.images, referenceLogits: () => ref.logits } });
    expect(ok.parityMaxAbsDiff).not.toBeNull();
    expect(ok.parityMaxAbsDiff!).toBeLessThanOrEqual(1e-4);
    const shifted = ref.logits.slice();
    shifted[17] = shifted[17]! + 3e-4;
    await expect(exportOnnx(micro, microWeights, { parity: { images: ref.images, referenceLogits: () => shifted } })).rejects.toMatchObject(
      { code: 'EXPORT_PARITY' },
    );
  });

  it('refuses missing or mis-shaped weights with MODEL_WEIGHTS naming the tensor', async () => {
    const missing = new Map(microWeights);
    missing.delete('blocks.1.mlp.fc2.bias');
    await expect(exportOnnx(micro, missing, { source: 'w.safetensors' })).rejects.toMatchObject({
      code: 'MODEL_WEIGHTS',
      details: { tensor: 'blocks.1.mlp.fc2.bias', file: 'w.safetensors' },
    });
    const bad = new Map(microWeights);
    bad.set('head.weight', { dtype: 'F32', shape: [14, 31], data: new Float32Array(14 * 31) });
    await expect(exportOnnx(micro, bad)).rejects.toMatchObject({ code: 'MODEL_WEIGHTS', details: { tensor: 'head.weight' } });
  });

  for (const preset of ['vit-ti16', 'vit-b16'] as const) {
    it(`${preset} at 224 px, batch 1: logits match PyTorch within 1e-4 on real radiographs`, async () => {
      const config = vitPreset(preset);
      const ref = loadReference(preset, 224);
      const res = await exportOnnx(config, hashedVitWeights(config), {
        attentionOutput: false,
        parity: { images: ref.images, referenceLogits: () => ref.logits },
      });
      expect(res.parityMaxAbsDiff!).toBeLessThanOrEqual(1e-4);
    }, 120_000);
  }
});
