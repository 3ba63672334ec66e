// ONNX Runtime's MAE pretraining graph against tfjs autograd through MaeDecoder.loss: the same weights, images and
// masks (drawn from the same seed in the same order), two micro-batches with unequal shares; the loss and every
// encoder and decoder parameter's gradient must agree.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateVitConfig, type VitConfig } from '../../../src-core/model/vitConfig';
import { createRng } from '../../../src-core/random/createRng';
import { selectBackend } from '../../../src-worker/model/backends';
import { FlatParams } from '../../../src-worker/model/FlatParams';
import { initVitParams } from '../../../src-worker/model/initVitParams';
import { MaeDecoder, type MaeOptions } from '../../../src-worker/model/MaeDecoder';
import { VitModel } from '../../../src-worker/model/VitModel';
import { type MaeMicroBatch, OrtMaeGradients } from '../../../src-worker/onnx/train/OrtMaeGradients';
import { worstRelativeGradient } from './worstRelativeGradient';

const config: VitConfig = validateVitConfig({
  imageSize: 16,
  patchSize: 4,
  channels: 1,
  width: 24,
  depth: 2,
  heads: 2,
  mlpRatio: 2,
  numClasses: 3,
  layerNormEps: 1e-6,
  dropPath: 0,
  pooling: 'cls',
});
const maeOptions: MaeOptions = { maskRatio: 0.75, decoderWidth: 16, decoderDepth: 2, decoderHeads: 2 };
const sizes = [3, 2];
const S = config.imageSize;

describe('ONNX Runtime MAE training graph', () => {
  let encoder: VitModel;
  let mae: MaeDecoder;
  let flat: FlatParams;
  let pixels: Float32Array;

  beforeAll(async () => {
    await selectBackend('cpu');
    const rng = createRng(3);
    encoder = VitModel.fromCanonical(config, initVitParams(config, rng));
    mae = new MaeDecoder(encoder, maeOptions, rng);
    flat = new FlatParams([...[...encoder.params].filter(([n]) => !n.startsWith('head.')).map(([, v]) => v), ...mae.params.values()]);
    pixels = Float32Array.from({ length: 5 * S * S }, () => rng.nextFloat() * 2 - 1);
  });
  afterAll(() => {
    mae.dispose();
    encoder.dispose();
  });

  it('loss and every gradient match tfjs autograd through MaeDecoder.loss', async () => {
    const total = sizes.reduce((a, b) => a + b, 0);
    // tfjs: what pretrainMae's pretrainStep computes
    const rngA = createRng(17);
    const ref = new Float32Array(flat.total);
    let refLoss = 0;
    let start = 0;
    for (const [k, n] of sizes.entries()) {
      const x = tf.tensor4d(pixels.subarray(start * S * S, (start + n) * S * S), [n, 1, S, S]);
      const { value, grads } = tf.variableGrads(() => tf.mul(mae.loss(x, rngA), n / total) as tf.Scalar, flat.vars);
      refLoss += value.dataSync()[0]!;
      value.dispose();
      x.dispose();
      flat.accumulate(
        ref,
        flat.vars.map((v) => grads[v.name]!),
        k === 0,
      );
      start += n;
    }
    // ONNX Runtime: the same masks from the same seed, in the same order
    const rngB = createRng(17);
    const micro: MaeMicroBatch[] = [];
    start = 0;
    for (const n of sizes) {
      const { keep, masked } = mae.drawMasks(n, rngB);
      micro.push({ pixels: pixels.subarray(start * S * S, (start + n) * S * S), n, share: n / total, keep, masked });
      start += n;
    }
    const params = [...[...encoder.params].filter(([n]) => !n.startsWith('head.')), ...mae.params].map(([name, v]) => ({
      name,
      shape: v.shape,
    }));
    const engine = new OrtMaeGradients(config, maeOptions, params, 1);
    try {
      const got = await engine.gradients(flat.read(), micro);
      expect(Math.abs(got.loss - refLoss)).toBeLessThanOrEqual(1e-5 * Math.max(1, refLoss));
      const worst = worstRelativeGradient(
        params.map((p) => p.name),
        flat.offsets,
        flat.sizes,
        got.grads,
        ref,
      );
      expect(worst.rel, `worst parameter ${worst.name}`).toBeLessThanOrEqual(1e-5);
      expect(Math.sqrt(ref.reduce((s, g) => s + g * g, 0))).toBeGreaterThan(1e-3);
    } finally {
      await engine.close();
    }
  });
});
