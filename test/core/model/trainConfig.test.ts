// Config validation (clear CONFIG_INVALID errors naming file and field), presets, LR schedule, layer-wise decay.
import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { layerIdOf, isNoDecayParam } from '../../../src-core/model/canonicalShapes';
import { layerLrScale, lrAt } from '../../../src-core/model/lrSchedule';
import { parsePretrainConfig, parseTrainConfig } from '../../../src-core/model/trainConfig';
import { validateVitConfig, vitPreset, vitPresets } from '../../../src-core/model/vitConfig';

const base = { model: { preset: 'vit-ti16' }, data: { source: 'synthetic' }, outDir: '/tmp/x' };

function codeAndMessage(f: () => unknown): [string, string] {
  try {
    f();
  } catch (e) {
    return [(e as HilumError).code, (e as Error).message];
  }
  throw new Error('did not throw');
}

describe('training configuration', () => {
  it('fills defaults and applies model overrides', () => {
    // ViT-S/16 at 512 px fits no wasm heap (resolveMicroBatch.test.ts): the native backend is named.
    const c = parseTrainConfig({ ...base, backend: 'tensorflow', model: { preset: 'vit-s16', imageSize: 512, numClasses: 5 } });
    expect(c.model).toMatchObject({ width: 384, heads: 6, imageSize: 512, numClasses: 5, channels: 1 });
    expect(c.augment.hflip).toBe(false);
    expect(c.loss.name).toBe('bce');
  });

  it('rejects bad fields with the file and field in the message', () => {
    expect(codeAndMessage(() => parseTrainConfig({ ...base, lr: 'fast' }, 'run.yaml'))).toEqual([
      'CONFIG_INVALID',
      'run.yaml: lr: expected a number in [0, 10], got string',
    ]);
    expect(codeAndMessage(() => parseTrainConfig({ ...base, bogus: 1 }, 'r.json'))[1]).toContain('r.json: bogus: unexpected field');
    expect(codeAndMessage(() => parseTrainConfig({ ...base, model: { preset: 'vit-ti16', imageSize: 225 } }, 'f'))[1]).toContain(
      'model.imageSize must be a multiple of patchSize 16',
    );
    expect(codeAndMessage(() => parseTrainConfig({ ...base, batchSize: 16, microBatch: 5 }))[1]).toContain(
      'microBatch must divide batchSize 16',
    );
    expect(codeAndMessage(() => parseTrainConfig({ ...base, model: { preset: 'vit-huge' } }))[1]).toContain('Unknown ViT preset');
    expect(codeAndMessage(() => parseTrainConfig({ ...base, loss: { name: 'hinge' } }))[1]).toContain('loss.name');
    expect(codeAndMessage(() => parseTrainConfig({ ...base, data: { source: 'npy' } }))[1]).toContain('data.trainDir');
    expect(codeAndMessage(() => parsePretrainConfig({ ...base, maskRatio: 0.99 }))[1]).toContain(
      'maskRatio: expected a number in [0.05, 0.95], got 0.99',
    );
  });

  it.each([Infinity, -Infinity, NaN])('refuses a non-finite %s (YAML .inf) and names the field', (bad) => {
    expect(codeAndMessage(() => parseTrainConfig({ ...base, loss: { gamma: bad } }, 'run.yaml'))).toEqual([
      'CONFIG_INVALID',
      `run.yaml: loss.gamma: expected a number in [0, Infinity], got ${bad}`,
    ]);
  });

  it('names nested unknown settings and wrong types with their full path', () => {
    expect(codeAndMessage(() => parseTrainConfig({ ...base, augment: { hflip: 'yes' } }, 'r.yaml'))[1]).toBe(
      'r.yaml: augment.hflip: expected true or false, got string',
    );
    expect(
      codeAndMessage(() => parseTrainConfig({ ...base, augment: { randomResizedCrop: { minArea: 0.6, maxArea: 1 } } }, 'r.yaml'))[1],
    ).toBe('r.yaml: augment.randomResizedCrop.maxArea: unexpected field');
    expect(codeAndMessage(() => parseTrainConfig({ ...base, data: { source: 'synthetic', synthetic: { size: 2.5 } } }, 'r.yaml'))[1]).toBe(
      'r.yaml: data.synthetic.size: expected an integer ≥ 1, got 2.5',
    );
    expect(codeAndMessage(() => parsePretrainConfig({ ...base, decoderWidth: 30, decoderHeads: 4 }, 'p.yaml'))[1]).toBe(
      'p.yaml: decoderWidth: must be divisible by decoderHeads 4',
    );
  });

  it('selects checkpoints by macro-AUPRC unless told AUROC, naming the field on error', () => {
    expect(parseTrainConfig(base).selectBy).toBe('auprc');
    expect(parseTrainConfig({ ...base, selectBy: 'auroc' }).selectBy).toBe('auroc');
    expect(codeAndMessage(() => parseTrainConfig({ ...base, selectBy: 'f1' }, 'r.yaml'))).toEqual([
      'CONFIG_INVALID',
      'r.yaml: selectBy: expected one of auprc, auroc, got string',
    ]);
  });

  it('presets follow the shared conventions', () => {
    expect(vitPresets['vit-micro']).toMatchObject({
      imageSize: 32,
      patchSize: 8,
      width: 32,
      depth: 2,
      heads: 2,
      mlpRatio: 2,
      numClasses: 14,
    });
    expect(vitPresets['vit-b16']).toMatchObject({ imageSize: 224, patchSize: 16, width: 768, depth: 12, heads: 12, mlpRatio: 4 });
    expect(() => validateVitConfig({ ...vitPreset('vit-micro'), width: 33 })).toThrow(/divisible by heads/);
  });

  it('warms up linearly, then decays by cosine to minLr', () => {
    const s = { peakLr: 1, minLr: 0.1, warmupSteps: 4, totalSteps: 14 };
    expect([0, 1, 2, 3].map((k) => lrAt(k, s))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(lrAt(4, s)).toBeCloseTo(1, 12);
    expect(lrAt(9, s)).toBeCloseTo(0.55, 12);
    expect(lrAt(14, s)).toBeCloseTo(0.1, 12);
    expect(lrAt(100, s)).toBeCloseTo(0.1, 12);
  });

  it('layer-wise decay and no-decay sets', () => {
    expect(layerIdOf('pos_embed', 12)).toBe(0);
    expect(layerIdOf('blocks.3.mlp.fc1.weight', 12)).toBe(4);
    expect(layerIdOf('head.weight', 12)).toBe(13);
    expect(layerLrScale(13, 14, 0.75)).toBe(1);
    expect(layerLrScale(0, 14, 0.5)).toBeCloseTo(0.5 ** 13, 15);
    expect(['blocks.0.norm1.weight', 'head.bias', 'pos_embed', 'cls_token'].every(isNoDecayParam)).toBe(true);
    expect(isNoDecayParam('blocks.0.attn.qkv.weight')).toBe(false);
  });
});

describe('configs for training from a stored dataset', () => {
  it("accepts a run's own run.json (provenance around the resolved config) and the fixed model fields it holds", () => {
    const resolved = parseTrainConfig({
      ...base,
      model: { preset: 'vit-micro', imageSize: 32, numClasses: 1 },
      dataset: 'kermany',
      preprocessing: { imageSize: 32, aspect: 'pad', voi: 'header', normalization: { mean: 0.47, std: 0.24 } },
    });
    const runJson = JSON.parse(
      JSON.stringify({
        seed: '0',
        dataHash: 'abc',
        backend: 'wasm',
        codeVersion: 'model-src:1',
        config: resolved,
        mixedPrecision: 'not used',
      }),
    );
    expect(runJson.config.model).toMatchObject({ channels: 1, layerNormEps: 1e-6, pooling: 'cls' });
    expect(parseTrainConfig(runJson, 'run.json')).toEqual(resolved);
    expect(codeAndMessage(() => parseTrainConfig({ ...base, model: { preset: 'vit-micro', channels: 3 } }, 'c.yaml'))[1]).toContain(
      'c.yaml: model.channels must be 1',
    );
  });

  it('selects the uncertainty and blank policies, naming the field on error', () => {
    expect(parseTrainConfig(base).targets).toEqual({ uncertain: 'ignore', blank: 'zero' });
    expect(parseTrainConfig({ ...base, targets: { uncertain: 'ones', blank: 'ignore' } }).targets).toEqual({
      uncertain: 'ones',
      blank: 'ignore',
    });
    expect(parseTrainConfig({ ...base, seed: 4, targets: { uncertain: 'ones-lsr' } }).targets).toEqual({
      uncertain: 'ones-lsr',
      low: 0.55,
      high: 0.85,
      seed: 4,
      blank: 'zero',
    });
    expect(parseTrainConfig({ ...base, targets: { uncertain: 'fixed', value: 0.7 } }).targets).toEqual({
      uncertain: 'fixed',
      value: 0.7,
      blank: 'zero',
    });
    expect(codeAndMessage(() => parseTrainConfig({ ...base, targets: { uncertain: 'maybe' } }, 'c.yaml'))[1]).toContain(
      'c.yaml: targets.uncertain: expected one of ignore, ones, zeros, ones-lsr, zeros-lsr, fixed',
    );
    expect(codeAndMessage(() => parseTrainConfig({ ...base, targets: { blank: 'one' } }))[1]).toContain('targets.blank');
    expect(codeAndMessage(() => parseTrainConfig({ ...base, targets: { uncertain: 'ones', value: 1 } }))[1]).toContain(
      'targets.value: applies only to fixed',
    );
    expect(codeAndMessage(() => parseTrainConfig({ ...base, targets: { uncertain: 'zeros-lsr', low: 0.4, high: 0.2 } }))[1]).toContain(
      'targets.low must not exceed',
    );
  });

  it('checks the recorded preprocessing against the model', () => {
    expect(
      codeAndMessage(() =>
        parseTrainConfig({ ...base, model: { preset: 'vit-micro' }, preprocessing: { imageSize: 64, normalization: { mean: 0, std: 1 } } }),
      )[1],
    ).toContain('preprocessing.imageSize must equal model.imageSize 32');
    expect(
      codeAndMessage(() =>
        parseTrainConfig({ ...base, model: { preset: 'vit-micro' }, preprocessing: { normalization: { mean: 0, std: 0 } } }),
      )[1],
    ).toContain('preprocessing.normalization.std: expected a positive number, got 0');
  });
});
