// workers: 'auto' → 2 data-parallel workers only where measured to pay (≥ 2 cores, ≥ 2 micro-batches, large micro-batches).
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-core/model/trainConfig';
import { resolveTrainingWorkers } from '../../../src-core/model/resolveTrainingWorkers';
import { vitPreset } from '../../../src-core/model/vitConfig';

const base = { workers: 'auto' as const, batchSize: 16, linearProbe: false };

describe('resolveTrainingWorkers', () => {
  it("'auto' is the config default and an explicit count is kept", () => {
    const parsed = parseTrainConfig({ model: { preset: 'vit-s16' }, outDir: '/tmp/x', data: { source: 'synthetic' } });
    expect(parsed.workers).toBe('auto');
    expect(resolveTrainingWorkers({ ...parsed }, 2)).toBe(2);
    expect(resolveTrainingWorkers({ ...parsed, workers: 1 }, 2)).toBe(1);
    expect(resolveTrainingWorkers({ ...parsed, workers: 3 }, 1)).toBe(3);
  });

  it('takes 2 workers for ViT-Ti/16 and ViT-S/16 at their default micro-batches on 2 cores', () => {
    expect(resolveTrainingWorkers({ ...base, microBatch: 8, model: vitPreset('vit-ti16') }, 2)).toBe(2);
    expect(resolveTrainingWorkers({ ...base, microBatch: 4, model: vitPreset('vit-s16') }, 2)).toBe(2);
  });

  it('stays in-process on 1 core, with one micro-batch per step, for a small model, and for a linear probe', () => {
    const s16 = { ...base, microBatch: 4, model: vitPreset('vit-s16') };
    expect(resolveTrainingWorkers(s16, 1)).toBe(1);
    expect(resolveTrainingWorkers({ ...s16, microBatch: 16 }, 2)).toBe(1);
    expect(resolveTrainingWorkers({ ...s16, linearProbe: true }, 2)).toBe(1);
    expect(resolveTrainingWorkers({ ...base, microBatch: 8, model: vitPreset('vit-micro') }, 2)).toBe(1);
  });

  it("refuses anything but 'auto' or a positive integer", () => {
    expect(() => parseTrainConfig({ outDir: '/tmp/x', data: { source: 'synthetic' }, workers: 0 })).toThrow(/workers/);
    expect(() => parseTrainConfig({ outDir: '/tmp/x', data: { source: 'synthetic' }, workers: 'many' })).toThrow(/workers/);
  });
});
