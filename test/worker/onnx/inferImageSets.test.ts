// The `model.infer` job's worker side: weights exported behind the tfjs-vs-ONNX parity gate on real
// radiographs read from the pixel cache, the graph and canonical weights written for a bundle, outputs
// as .npy that reproduce the PyTorch reference logits; a NaN-producing export is refused and nothing is written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNpy } from '../../../src-core/model/parseNpy';
import { serializeSafetensors } from '../../../src-core/safetensors';
import { writeCachedImage } from '../../../src-worker/datasets/pixelCache';
import { inferImageSets } from '../../../src-worker/onnx/inferImageSets';
import { loadCachedImages } from '../../../src-worker/onnx/loadCachedImages';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { microBundleSpec } from '../../fixtures/onnx/microBundleSpec';
import { loadReference, maxAbsDiff } from './onnxFixtures';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-infer-sets-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const header = (size: number) => ({
  width: size,
  height: size,
  sourceWidth: size,
  sourceHeight: size,
  contentHash: 'x',
  preprocessing: 'test',
  kind: 'png' as const,
  steps: [],
  metadata: {},
});

describe('inferImageSets', () => {
  it('exports behind the parity gate, writes the bundle files, and its logits match the reference', async () => {
    const config = microBundleSpec().config;
    const weightsFile = path.join(root, 'w.safetensors');
    fs.writeFileSync(weightsFile, serializeSafetensors(hashedVitWeights(config)));
    const ref = loadReference('vit-micro', 32);
    const cacheDir = path.join(root, 'cache');
    const keys = ref.images.map((image, i) => {
      writeCachedImage(cacheDir, `ab${i}`, { header: header(32), pixels: image });
      return `ab${i}`;
    });
    const r = await inferImageSets(
      {
        model: { weightsFile, config },
        preprocessing: { imageSize: 32, aspect: 'pad', voi: 'header', normalization: { mean: 0, std: 1 } },
        cacheDir,
        sets: [{ name: 'eval', cacheKeys: keys }],
        outDir: path.join(root, 'out'),
        exportDir: path.join(root, 'export'),
      },
      () => {},
    );
    expect(r.parityMaxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(fs.existsSync(r.exported!.onnxFile)).toBe(true);
    expect(r.exported).toMatchObject({ opset: 17, irVersion: 8 });
    const logits = parseNpy(new Uint8Array(fs.readFileSync(r.sets[0]!.logitsFile)));
    expect(logits.shape).toEqual([ref.images.length, config.numClasses]);
    expect(maxAbsDiff(logits.data, ref.logits)).toBeLessThan(1e-4);
    // With TTA: logits are the mean over the five variants, features still those of the unaugmented image.
    const tta = await inferImageSets(
      {
        model: { onnxFile: r.exported!.onnxFile, config },
        preprocessing: { imageSize: 32, aspect: 'pad', voi: 'header', normalization: { mean: 0, std: 1 } },
        cacheDir,
        sets: [{ name: 'eval', cacheKeys: keys }],
        outDir: path.join(root, 'out-tta'),
        tta: true,
      },
      () => {},
    );
    const ttaLogits = parseNpy(new Uint8Array(fs.readFileSync(tta.sets[0]!.logitsFile))).data;
    expect(maxAbsDiff(ttaLogits, logits.data)).toBeGreaterThan(1e-6);
    expect(
      maxAbsDiff(
        parseNpy(new Uint8Array(fs.readFileSync(tta.sets[0]!.featuresFile))).data,
        parseNpy(new Uint8Array(fs.readFileSync(r.sets[0]!.featuresFile))).data,
      ),
    ).toBe(0);
  }, 60_000);

  it('refuses an export whose outputs are NaN, writing nothing', async () => {
    const config = microBundleSpec().config;
    const weights = hashedVitWeights(config);
    weights.set('head.bias', {
      shape: [config.numClasses],
      data: weights.get('head.bias')!.data.map((v, i) => (i === 5 ? Number.NaN : v)),
    });
    const weightsFile = path.join(root, 'bad.safetensors');
    fs.writeFileSync(weightsFile, serializeSafetensors(weights));
    const cacheDir = path.join(root, 'cache-bad');
    writeCachedImage(cacheDir, 'cd0', { header: header(32), pixels: loadReference('vit-micro', 32).images[0]! });
    const exportDir = path.join(root, 'export-bad');
    await expect(
      inferImageSets(
        {
          model: { weightsFile, config },
          preprocessing: { imageSize: 32, aspect: 'pad', voi: 'header', normalization: { mean: 0, std: 1 } },
          cacheDir,
          sets: [{ name: 'eval', cacheKeys: ['cd0'] }],
          outDir: path.join(root, 'out-bad'),
          exportDir,
        },
        () => {},
      ),
    ).rejects.toMatchObject({ code: 'EXPORT_PARITY' });
    expect(fs.existsSync(exportDir)).toBe(false);
  }, 60_000);

  it('resamples images cached at another size and says so; a missing cache entry is NOT_FOUND', () => {
    const cacheDir = path.join(root, 'cache-48');
    writeCachedImage(cacheDir, 'ef0', { header: header(48), pixels: new Float32Array(48 * 48).fill(0.25) });
    const loaded = loadCachedImages(cacheDir, ['ef0'], 32);
    expect(loaded.resampledFrom).toBe(48);
    expect(loaded.images[0]!.length).toBe(32 * 32);
    expect(loaded.images[0]![500]).toBeCloseTo(0.25, 6);
    expect(() => loadCachedImages(cacheDir, ['ef1'], 32)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
