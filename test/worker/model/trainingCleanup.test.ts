// A training or pretraining run that fails part-way (here: the data source throws mid-epoch) releases what it
// held: no tfjs tensors left behind, its data-parallel worker threads or its ONNX Runtime session closed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DataSource } from '../../../src-core/model/dataSource';
import { parsePretrainConfig, parseTrainConfig } from '../../../src-core/model/trainConfig';
import { syntheticSource } from '../../../src-core/model/syntheticSource';
import { selectBackend } from '../../../src-worker/model/backends';
import { GradientWorkerPool } from '../../../src-worker/model/parallel/GradientWorkerPool';
import { OrtGradientEngine } from '../../../src-worker/onnx/train/OrtGradientEngine';
import { pretrainMae } from '../../../src-worker/model/pretrainMae';
import { trainVit } from '../../../src-worker/model/trainVit';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-cleanup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Wraps a source so that, once armed, its next read throws (as a vanished cache file would). */
function failingSource(inner: DataSource): { source: DataSource; arm: () => void } {
  let armed = false;
  return {
    source: {
      size: inner.size,
      get: (i) => {
        if (armed) throw new Error('sample file vanished');
        return inner.get(i);
      },
    },
    arm: () => (armed = true),
  };
}

describe('a failed run releases tensors and worker threads', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  /** Runs trainVit on a source that fails at the first step's next read; the run must reject with that error. */
  async function failingRun(engineSettings: Record<string, unknown>, dir: string): Promise<void> {
    const { source, arm } = failingSource(syntheticSource(16, 32, 3, 1));
    const config = parseTrainConfig({
      model: { preset: 'vit-micro', numClasses: 3 },
      data: { source: 'synthetic' },
      epochs: 2,
      batchSize: 4,
      microBatch: 2,
      lr: 1e-3,
      ema: 0.9,
      swaEpochs: 1,
      seed: 1,
      backend: 'cpu',
      outDir: path.join(tmp, dir),
      ...engineSettings,
    });
    await expect(
      trainVit({ config, train: source, val: syntheticSource(8, 32, 3, 2), onEvent: (e) => e.type === 'step' && arm() }),
    ).rejects.toThrow(/sample file vanished/);
  }

  it('trainVit with two gradient workers', async () => {
    const start = vi.spyOn(GradientWorkerPool, 'start');
    const before = tf.memory().numTensors;
    await failingRun({ workers: 2, engine: 'tfjs' }, 'train');
    expect(start).toHaveBeenCalledTimes(1);
    const pool = (await start.mock.results[0]!.value) as GradientWorkerPool;
    expect(pool.size).toBe(2);
    expect(pool.liveThreads).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('trainVit with ONNX Runtime gradients', async () => {
    const close = vi.spyOn(OrtGradientEngine.prototype, 'close');
    const before = tf.memory().numTensors;
    await failingRun({ engine: 'onnxruntime' }, 'train-ort');
    expect(close).toHaveBeenCalledTimes(1);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('pretrainMae', async () => {
    const before = tf.memory().numTensors;
    const { source, arm } = failingSource(syntheticSource(16, 32, 4, 9));
    const config = parsePretrainConfig({
      model: { preset: 'vit-micro' },
      data: { source: 'synthetic' },
      epochs: 2,
      batchSize: 4,
      microBatch: 2,
      decoderWidth: 16,
      decoderHeads: 2,
      seed: 5,
      backend: 'cpu',
      outDir: path.join(tmp, 'mae'),
    });
    await expect(pretrainMae({ config, data: source, onEvent: (e) => e.type === 'step' && arm() })).rejects.toThrow(/sample file vanished/);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
