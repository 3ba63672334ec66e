// A bundle main verified crosses to the worker as data; the worker re-parses its spec and re-checks
// weights.safetensors (read for saliency) against the manifest that hashes to the bundle hash.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../../src-main/bundle/loadBundle';
import { rehydrateBundle } from '../../../src-worker/inference/rehydrateBundle';
import { makeMicroBundle } from '../../main/bundle/makeMicroBundle';

const root = mkdtempSync(path.join(os.tmpdir(), 'hilum-rehydrate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('rehydrateBundle', () => {
  it('reads the verified weights, and refuses weights or a manifest changed after verification', async () => {
    const made = await makeMicroBundle(path.join(root, 'bundle'));
    const loaded = loadBundle(made.dir);
    const data = {
      source: loaded.source,
      bundleHash: loaded.bundleHash,
      spec: structuredClone(loaded.spec),
      modelBytes: loaded.modelBytes,
    };
    const bundle = rehydrateBundle(data);
    expect(bundle.spec).toEqual(loaded.spec);
    const weights = path.join(made.dir, 'weights.safetensors');
    expect(Buffer.from(bundle.readWeights!()).equals(readFileSync(weights))).toBe(true);
    const original = readFileSync(weights);
    appendFileSync(weights, 'x');
    expect(() => bundle.readWeights!()).toThrow(
      expect.objectContaining({ code: 'BUNDLE_INTEGRITY', message: expect.stringContaining('weights.safetensors') }),
    );
    writeFileSync(weights, original);
    const manifest = path.join(made.dir, 'manifest.json');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')} `);
    expect(() => bundle.readWeights!()).toThrow(
      expect.objectContaining({ code: 'BUNDLE_INTEGRITY', message: expect.stringContaining('manifest.json') }),
    );
    expect(() => rehydrateBundle({ ...data, spec: { ...(data.spec as object), labels: { labels: [] } } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  }, 60_000);
});
