// The export gate as used after training: tfjs VitModel forward vs ONNX Runtime on real radiographs (random hashed weights), max |Δlogit| ≤ 1e-4.
import { describe, expect, it } from 'vitest';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { exportOnnx } from '../../../src-worker/onnx/exportOnnx';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { loadReference } from './onnxFixtures';

describe('exportOnnx parity gate against the tfjs forward', () => {
  for (const [preset, size] of [
    ['vit-micro', 32],
    ['vit-ti16', 224],
    ['vit-b16', 224],
  ] as const) {
    it(`${preset}: passes at batch 1 on real radiographs`, async () => {
      const config = vitPreset(preset);
      const { images } = loadReference(preset, size);
      const res = await exportOnnx(config, hashedVitWeights(config), { attentionOutput: false, parityImages: images.slice(0, 2) });
      console.log(`${preset} tfjs vs ORT max |Δlogit| = ${res.parityMaxAbsDiff}`);
      expect(res.parityMaxAbsDiff!).toBeLessThanOrEqual(1e-4);
    }, 120_000);
  }

  it('throws EXPORT_PARITY when the ONNX graph is not the model tfjs runs (a perturbed weight)', async () => {
    const config = vitPreset('vit-micro');
    const weights = hashedVitWeights(config);
    const { images } = loadReference('vit-micro', 32);
    const wrong = new Map(weights);
    const bias = weights.get('head.bias')!;
    // Only the ONNX side sees the perturbation when parity has an explicit reference built from the right weights.
    const { tfjsReferenceLogits } = await import('../../../src-worker/onnx/tfjsReferenceLogits');
    const ref = await tfjsReferenceLogits(config, weights);
    wrong.set('head.bias', { shape: bias.shape, data: bias.data.map((v, i) => (i === 3 ? v + 1e-3 : v)) });
    await expect(exportOnnx(config, wrong, { parity: { images, referenceLogits: ref.logits } })).rejects.toMatchObject({
      code: 'EXPORT_PARITY',
    });
    ref.dispose();
  }, 60_000);
});
