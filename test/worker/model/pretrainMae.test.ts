// MAE pretraining: masking is per-sample with the configured ratio, the loss falls, and the saved encoder
// (canonical names, no head) loads into a fine-tuning run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePretrainConfig, parseTrainConfig } from '../../../src-core/model/trainConfig';
import { syntheticSource } from '../../../src-core/model/syntheticSource';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { createRng } from '../../../src-core/random/createRng';
import { parseSafetensors } from '../../../src-core/safetensors/parseSafetensors';
import { selectBackend } from '../../../src-worker/model/backends';
import { initVitParams } from '../../../src-worker/model/initVitParams';
import { MaeDecoder } from '../../../src-worker/model/MaeDecoder';
import { pretrainMae } from '../../../src-worker/model/pretrainMae';
import { trainVit } from '../../../src-worker/model/trainVit';
import { VitModel } from '../../../src-worker/model/VitModel';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-mae-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('MAE', () => {
  it('masks round(N·ratio) patches per sample, each sample differently', async () => {
    await selectBackend('cpu');
    const config = vitPreset('vit-micro', { imageSize: 64 }); // 64 patches
    const enc = VitModel.fromCanonical(config, initVitParams(config, createRng(1)));
    const mae = new MaeDecoder(enc, { maskRatio: 0.75, decoderWidth: 16, decoderDepth: 1, decoderHeads: 2 }, createRng(2));
    const { masked, K } = mae.drawMasks(3, createRng(3));
    expect(K).toBe(16);
    for (let b = 0; b < 3; b++) expect(masked.subarray(b * 64, (b + 1) * 64).reduce((a, v) => a + v, 0)).toBe(48);
    expect([...masked.subarray(0, 64)]).not.toEqual([...masked.subarray(64, 128)]);
    mae.dispose();
    enc.dispose();
  });

  it('pretrains, lowers the reconstruction loss, and the encoder initialises fine-tuning', async () => {
    const pre = parsePretrainConfig({
      model: { preset: 'vit-micro' },
      data: { source: 'synthetic' },
      epochs: 6,
      batchSize: 16,
      microBatch: 8,
      lr: 2e-3,
      warmupEpochs: 1,
      decoderWidth: 16,
      decoderHeads: 2,
      seed: 5,
      backend: 'cpu',
      outDir: path.join(tmp, 'mae'),
    });
    const r = await pretrainMae({ config: pre, data: syntheticSource(48, 32, 4, 9) });
    expect(r.engine).toBe('onnxruntime'); // engine auto: ONNX Runtime's MAE graph
    const losses = r.history.map((h) => h.loss!);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    expect(new Set(r.numTensorsPerEpoch).size).toBe(1);
    const names = [...parseSafetensors(readFileSync(r.encoderWeights)).tensors.keys()];
    expect(names).toContain('blocks.1.attn.qkv.weight');
    expect(names.some((n) => n.startsWith('head.') || n.startsWith('decoder'))).toBe(false);
    const ft = parseTrainConfig({
      model: { preset: 'vit-micro', numClasses: 4 },
      initWeights: r.encoderWeights,
      data: { source: 'synthetic' },
      epochs: 1,
      batchSize: 8,
      microBatch: 8,
      seed: 1,
      backend: 'cpu',
      outDir: path.join(tmp, 'ft'),
    });
    const t = await trainVit({ config: ft, train: syntheticSource(16, 32, 4, 1), val: syntheticSource(16, 32, 4, 2) });
    expect(t.epochsRun).toBe(1);
  }, 120_000);

  it('computes MAE gradients on wasm (no gather gradient, which wasm lacks)', async () => {
    await selectBackend('wasm');
    const config = vitPreset('vit-micro');
    const enc = VitModel.fromCanonical(config, initVitParams(config, createRng(1)));
    const mae = new MaeDecoder(enc, { maskRatio: 0.75, decoderWidth: 16, decoderDepth: 1, decoderHeads: 2 }, createRng(2));
    const x = tf.randomNormal([2, 1, 32, 32], 0, 1, 'float32', 3) as tf.Tensor4D;
    const trainable = [...[...enc.params].filter(([n]) => !n.startsWith('head.')).map(([, v]) => v), ...mae.params.values()];
    const { value, grads } = tf.variableGrads(() => mae.loss(x, createRng(4)), trainable);
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    expect(Object.keys(grads)).toHaveLength(trainable.length);
    expect(Math.abs(grads[mae.params.get('mask_token')!.name]!.sum().dataSync()[0]!)).toBeGreaterThan(0);
    for (const t of [value, x, ...Object.values(grads)]) t.dispose();
    mae.dispose();
    enc.dispose();
    await selectBackend('cpu');
  });

  it('ONNX Runtime and tfjs pretrain to the same encoder (same masks, same steps, up to float rounding)', async () => {
    const run = (engine: 'tfjs' | 'onnxruntime') =>
      pretrainMae({
        config: parsePretrainConfig({
          model: { preset: 'vit-micro' },
          data: { source: 'synthetic' },
          epochs: 1,
          batchSize: 8,
          microBatch: 4,
          lr: 1e-3,
          decoderWidth: 16,
          decoderHeads: 2,
          seed: 6,
          backend: 'cpu',
          engine,
          outDir: path.join(tmp, `mae-${engine}`),
        }),
        data: syntheticSource(16, 32, 4, 9),
      });
    const tfjsRun = await run('tfjs');
    const ortRun = await run('onnxruntime');
    expect([tfjsRun.engine, ortRun.engine]).toEqual(['tfjs', 'onnxruntime']);
    expect(ortRun.history[0]!.loss!).toBeCloseTo(tfjsRun.history[0]!.loss!, 5);
    const a = parseSafetensors(readFileSync(tfjsRun.encoderWeights)).tensors;
    const b = parseSafetensors(readFileSync(ortRun.encoderWeights)).tensors;
    let maxDiff = 0;
    for (const [n, t] of a) t.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - b.get(n)!.data[i]!))));
    expect(maxDiff).toBeLessThan(1e-5);
  });
});
