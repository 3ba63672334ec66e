// Predictor: saliency comes from a graph re-exported from the bundle's weights and must agree with model.onnx; batching does not change answers.
import { describe, expect, it } from 'vitest';
import type { LoadedBundle } from '../../../src-core/bundle';
import { serializeSafetensors } from '../../../src-core/safetensors';
import { parseSafetensors } from '../../../src-core/safetensors';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPredictor } from '../../../src-worker/inference/createPredictor';
import { exportOnnx } from '../../../src-worker/onnx/exportOnnx';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { microBundleSpec } from '../../fixtures/onnx/microBundleSpec';
import { loadReference, maxAbsDiff, onnxFixtureDir } from '../onnx/onnxFixtures';

async function inMemoryBundle(weightsForSaliency?: Uint8Array): Promise<LoadedBundle> {
  const spec = microBundleSpec();
  const weights = hashedVitWeights(spec.config);
  const { bytes } = await exportOnnx(spec.config, weights);
  const st = serializeSafetensors(weights);
  return { bundleHash: 'a'.repeat(64), spec, modelBytes: bytes, source: 'memory', readWeights: () => weightsForSaliency ?? st };
}

describe('createPredictor', () => {
  it('saliency equals the PyTorch attention rollout of the same images; batch size does not change the answers', async () => {
    const ref = loadReference('vit-micro', 32);
    const rollout = parseSafetensors(readFileSync(path.join(onnxFixtureDir, 'vit-micro.reference.safetensors'))).tensors.get(
      'rollout',
    )!.data;
    const inputs = ref.images.map((pixels) => ({ pixels, modality: null }));
    const p3 = await createPredictor([await inMemoryBundle()], { saliency: true, batchSize: 3 });
    const p1 = await createPredictor([await inMemoryBundle()], { batchSize: 1 });
    const a = await p3.predict(inputs);
    const b = await p1.predict(inputs);
    a.forEach((pred, i) => {
      expect(pred.saliency!.grid).toBe(4);
      expect(maxAbsDiff(pred.saliency!.map, rollout.slice(i * 16, (i + 1) * 16))).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff(pred.logits, ref.logits.slice(i * 14, (i + 1) * 14))).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(pred.logits, b[i]!.logits)).toBeLessThanOrEqual(1e-5);
      expect(b[i]!.saliency).toBeNull();
    });
    await p3.release();
    await p1.release();
  });

  it('refuses saliency from weights that do not reproduce model.onnx (EXPORT_PARITY)', async () => {
    const spec = microBundleSpec();
    const wrong = hashedVitWeights(spec.config);
    const bias = wrong.get('head.bias')!;
    wrong.set('head.bias', { shape: bias.shape, data: bias.data.map((v, i) => (i === 0 ? v + 0.01 : v)) });
    const predictor = await createPredictor([await inMemoryBundle(serializeSafetensors(wrong))], { saliency: true });
    const { images } = loadReference('vit-micro', 32);
    await expect(predictor.predict([{ pixels: images[0]!, modality: null }])).rejects.toMatchObject({ code: 'EXPORT_PARITY' });
    await predictor.release();
  });
});
