// Seeded augmentations (deterministic, flips off by default, mixup/CutMix targets and masks), backend probing,
// linear-probe feature cache, EMA.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { defaultAugment, parseTrainConfig } from '../../../src-core/model/trainConfig';
import { syntheticSource } from '../../../src-core/model/syntheticSource';
import { createRng } from '../../../src-core/random/createRng';
import { augmentImage } from '../../../src-worker/model/augment/augmentImage';
import { mixBatch } from '../../../src-worker/model/augment/mixBatch';
import { probeBackends, selectBackend } from '../../../src-worker/model/backends';
import { trainVit } from '../../../src-worker/model/trainVit';
import { WeightAverage } from '../../../src-worker/model/WeightAverage';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-aug-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ramp = Float32Array.from({ length: 16 * 16 }, (_, i) => (i % 16) / 15);

describe('augmentations', () => {
  it('are deterministic for a seed and differ across seeds', () => {
    const a = augmentImage(ramp, 16, 16, defaultAugment, createRng(1));
    const b = augmentImage(ramp, 16, 16, defaultAugment, createRng(1));
    const c = augmentImage(ramp, 16, 16, defaultAugment, createRng(2));
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it('never flip left-right by default; the identity setting returns the image', () => {
    const none = { ...defaultAugment, brightness: 0, contrast: 0, noiseStd: 0, rotateDeg: 0, scale: 0 };
    for (let s = 0; s < 20; s++) {
      const out = augmentImage(ramp, 16, 16, none, createRng(s));
      out.forEach((v, i) => expect(v).toBeCloseTo(ramp[i]!, 5));
    }
    const flips = Array.from({ length: 20 }, (_, s) => augmentImage(ramp, 16, 16, { ...none, hflip: true }, createRng(s))[0]! > 0.5).filter(
      Boolean,
    ).length;
    expect(flips).toBeGreaterThan(0);
  });

  it('mixup and CutMix mix targets by λ and combine masks', () => {
    const B = 4;
    const pixels = new Float32Array(B * 64);
    for (let b = 0; b < B; b++) pixels.fill(b, b * 64, (b + 1) * 64);
    const targets = Float32Array.from([1, 0, 0, 1, 1, 1, 0, 0]);
    const mask = Float32Array.from([1, 1, 1, 0, 1, 1, 1, 1]);
    for (const [mix, cut] of [
      [0.4, 0],
      [0, 1],
    ] as const) {
      const r = mixBatch({ pixels, targets, mask }, B, 8, 8, 2, mix, cut, createRng(3));
      for (let b = 0; b < B; b++) {
        const t = r.targets[b * 2]!;
        expect(t).toBeGreaterThanOrEqual(0);
        expect(t).toBeLessThanOrEqual(1);
      }
      expect(r.mask[0]! * r.mask[1]! * r.mask[2]!).toBeLessThanOrEqual(1);
      // mixed pixels are convex combinations of sample ids: mean pixel of sample b equals λ·b + (1−λ)·perm(b)
      for (let b = 0; b < B; b++) {
        const mean = r.pixels.subarray(b * 64, (b + 1) * 64).reduce((x, y) => x + y, 0) / 64;
        expect(mean).toBeGreaterThanOrEqual(0);
        expect(mean).toBeLessThanOrEqual(3);
      }
      // sample 1 has an unknown label 1: every pair that involves it has it masked
      const involved = [...r.mask].filter((v) => v === 0).length;
      expect(involved).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('backends', () => {
  it('probes tensorflow (absent here) cleanly and forcing it is a typed error', async () => {
    const probes = await probeBackends();
    expect(probes.map((p) => p.name)).toEqual(['tensorflow', 'webgpu', 'wasm', 'cpu']);
    const tfNode = probes[0]!;
    if (!tfNode.available) {
      expect(tfNode.reason).toMatch(/tfjs-node/);
      await expect(selectBackend('tensorflow')).rejects.toBeInstanceOf(HilumError);
    }
    expect(probes.find((p) => p.name === 'wasm')!.available).toBe(true);
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(await selectBackend('cpu')).toBe('cpu');
  });
});

describe('linear probe and EMA', () => {
  it('trains only the head on features computed once and reused on the next run', async () => {
    const raw = {
      model: { preset: 'vit-micro', numClasses: 3 },
      linearProbe: true,
      data: { source: 'synthetic' },
      epochs: 2,
      batchSize: 8,
      microBatch: 8,
      lr: 1e-2,
      seed: 2,
      backend: 'cpu',
      outDir: path.join(tmp, 'probe'),
    };
    const msgs: string[] = [];
    const r = await trainVit({
      config: parseTrainConfig(raw),
      train: syntheticSource(16, 32, 3, 1),
      val: syntheticSource(16, 32, 3, 2),
      onEvent: (e) => e.type === 'info' && msgs.push(e.message),
    });
    expect(msgs[0]).toMatch(/computed features once/);
    expect(msgs[1]).toBe('gradients: tfjs (cpu) in this thread'); // a linear probe's head step stays in tfjs
    expect(readdirSync(path.join(tmp, 'probe')).some((f) => f.startsWith('features-'))).toBe(true);
    expect(new Set(r.numTensorsPerEpoch).size).toBe(1);
    await trainVit({
      config: parseTrainConfig({ ...raw, outDir: path.join(tmp, 'probe') }),
      train: syntheticSource(16, 32, 3, 1),
      val: syntheticSource(16, 32, 3, 2),
      resume: false,
      onEvent: (e) => e.type === 'info' && msgs.push(e.message),
    });
    expect(msgs[2]).toMatch(/reused cached features/);
  });

  it('EMA follows d·avg + (1−d)·p', async () => {
    await selectBackend('cpu');
    const p = new Map([['w', tf.variable(tf.tensor1d([0, 10]))]]);
    const ema = new WeightAverage(p);
    p.get('w')!.assign(tf.tensor1d([10, 0]));
    ema.update(p, 0.9);
    const backup = ema.swapIn(p);
    expect([...p.get('w')!.dataSync()].map((v) => Math.round(v * 1e5) / 1e5)).toEqual([1, 9]);
    ema.swapOut(p, backup);
    expect([...p.get('w')!.dataSync()]).toEqual([10, 0]);
    ema.dispose();
    p.get('w')!.dispose();
  });
});
