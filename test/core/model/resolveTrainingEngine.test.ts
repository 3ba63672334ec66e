// Which engine computes a run's gradients: ONNX Runtime by default for full fine-tuning, tfjs for a linear probe or a
// GPU tfjs backend, and a clear refusal when `engine: onnxruntime` contradicts the rest of the config.
import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { resolveTrainingEngine } from '../../../src-core/model/resolveTrainingEngine';
import { parseTrainConfig } from '../../../src-core/model/trainConfig';

const base = { model: { preset: 'vit-micro' }, data: { source: 'synthetic' }, outDir: '/tmp/x' };

describe('resolveTrainingEngine', () => {
  it('auto: ONNX Runtime for full fine-tuning on the CPU backends', () => {
    const c = parseTrainConfig(base);
    expect(c.engine).toBe('auto');
    expect(resolveTrainingEngine(c)).toBe('onnxruntime');
    expect(resolveTrainingEngine({ ...c, backend: 'wasm' })).toBe('onnxruntime');
  });

  it('auto: tfjs for a linear probe and for webgpu / tensorflow asked for by name', () => {
    const c = parseTrainConfig(base);
    expect(resolveTrainingEngine({ ...c, linearProbe: true })).toBe('tfjs');
    expect(resolveTrainingEngine({ ...c, backend: 'webgpu' })).toBe('tfjs');
    expect(resolveTrainingEngine({ ...c, backend: 'tensorflow' })).toBe('tfjs');
  });

  it('an explicit engine is kept, and a contradiction is refused with the field named', () => {
    expect(resolveTrainingEngine(parseTrainConfig({ ...base, engine: 'tfjs' }))).toBe('tfjs');
    // refused when the config is read, before any work starts
    const probe = { ...base, engine: 'onnxruntime', linearProbe: true };
    expect(() => parseTrainConfig(probe, 'train.yaml')).toThrow(HilumError);
    expect(() => parseTrainConfig(probe, 'train.yaml')).toThrow(/train.yaml: engine onnxruntime cannot be combined with linearProbe/);
    expect(() => parseTrainConfig({ ...base, engine: 'onnxruntime', backend: 'webgpu' }, 'train.yaml')).toThrow(/backend: webgpu/);
    expect(() => resolveTrainingEngine({ engine: 'onnxruntime', linearProbe: false, backend: 'tensorflow' })).toThrow(/config: engine/);
  });

  it('the config refuses an unknown engine', () => {
    expect(() => parseTrainConfig({ ...base, engine: 'pytorch' }, 'train.yaml')).toThrow(/engine/);
  });
});
