// createBundle: export behind the tfjs-vs-ONNX parity gate on real radiographs, then a loadable bundle recording the measured parity.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBundle, loadBundle } from '../../../src-main/bundle';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { microBundleSpec } from '../../fixtures/onnx/microBundleSpec';
import { loadReference } from '../../worker/onnx/onnxFixtures';

const root = mkdtempSync(path.join(os.tmpdir(), 'hilum-create-bundle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createBundle', () => {
  it('writes a bundle whose provenance records the measured parity; refuses (writing nothing) when parity fails', async () => {
    const spec = microBundleSpec();
    const { provenance, ...rest } = spec;
    const { onnx: _onnx, ...prov } = provenance;
    const weights = hashedVitWeights(spec.config);
    const { images } = loadReference('vit-micro', 32);
    const dir = path.join(root, 'ok');
    const made = await createBundle({ dir, weights, spec: { ...rest, provenance: prov }, parityImages: images });
    const loaded = loadBundle(dir);
    expect(loaded.bundleHash).toBe(made.bundleHash);
    expect(loaded.spec.provenance.onnx.parityMaxAbsDiff).toBe(made.parityMaxAbsDiff);
    expect(made.parityMaxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(loaded.spec.provenance.onnx).toMatchObject({ opset: 17, irVersion: 8 });
    // One NaN output (both sides NaN): the gate must refuse, not treat NaN as "not greater than" the tolerance.
    const bad = new Map(weights);
    bad.set('head.bias', { shape: [14], data: weights.get('head.bias')!.data.map((v, i) => (i === 5 ? Number.NaN : v)) });
    const badDir = path.join(root, 'bad');
    await expect(createBundle({ dir: badDir, weights: bad, spec: { ...rest, provenance: prov }, parityImages: images })).rejects.toMatchObject({ code: 'EXPORT_PARITY' });
    expect(existsSync(badDir)).toBe(false);
  }, 60_000);
});
