// Bundle write → load round trip and byte-level tamper detection (BUNDLE_INTEGRITY naming the file).
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeSafetensors } from '../../../src-core/safetensors';
import { loadBundle, writeBundle } from '../../../src-main/bundle';
import { exportOnnx } from '../../../src-worker/onnx/exportOnnx';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { microBundleSpec } from '../../fixtures/onnx/microBundleSpec';

let root: string;
let dir: string;
let hash: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hilum-bundle-'));
  dir = path.join(root, 'dataA', 'bundles', 'b1');
  const spec = microBundleSpec();
  const weights = hashedVitWeights(spec.config);
  const { bytes } = await exportOnnx(spec.config, weights);
  hash = writeBundle(dir, { modelOnnx: bytes, weights: serializeSafetensors(weights), spec }).bundleHash;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tamperedCopy(name: string, edit: (d: string) => void): string {
  const copy = path.join(root, `t-${name}-${Math.random().toString(36).slice(2)}`);
  cpSync(dir, copy, { recursive: true });
  edit(copy);
  return copy;
}

describe('loadBundle', () => {
  it('loads a bundle it wrote; the bundle hash is SHA-256 of manifest.json, which lists every file', () => {
    const b = loadBundle(dir);
    expect(b.bundleHash).toBe(hash);
    expect(
      createHash('sha256')
        .update(readFileSync(path.join(dir, 'manifest.json')))
        .digest('hex'),
    ).toBe(hash);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual([
      'abstention.json',
      'calibration.json',
      'config.json',
      'labels.json',
      'model.onnx',
      'ood.json',
      'preprocessing.json',
      'provenance.json',
      'thresholds.json',
      'weights.safetensors',
    ]);
    const onnx = manifest.files.find((f: { path: string }) => f.path === 'model.onnx');
    expect(onnx.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(path.join(dir, 'model.onnx')))
        .digest('hex'),
    );
    expect(b.spec.labels.labels).toHaveLength(14);
  });

  it('a copy in another data directory verifies by its hashes alone, and against the expected (signed) hash', () => {
    const other = path.join(root, 'dataB', 'somewhere', 'else');
    cpSync(dir, other, { recursive: true });
    expect(loadBundle(other, { expectedHash: hash }).bundleHash).toBe(hash);
  });

  it.each(['model.onnx', 'weights.safetensors', 'thresholds.json', 'calibration.json', 'ood.json'])(
    'refuses one changed byte in %s, naming it',
    (name) => {
      const copy = tamperedCopy(name, (d) => {
        const p = path.join(d, name);
        const bytes = readFileSync(p);
        const at = Math.floor(bytes.length / 2);
        bytes[at] = bytes[at]! ^ 0x01;
        writeFileSync(p, bytes);
      });
      expect(() => loadBundle(copy)).toThrowError(
        expect.objectContaining({ code: 'BUNDLE_INTEGRITY', details: expect.objectContaining({ file: path.join(copy, name) }) }),
      );
    },
  );

  it('refuses an extra file, a missing file, a re-formatted manifest and an unexpected hash', () => {
    const extra = tamperedCopy('extra', (d) => writeFileSync(path.join(d, 'notes.txt'), 'hi'));
    expect(() => loadBundle(extra)).toThrowError(
      expect.objectContaining({ code: 'BUNDLE_INTEGRITY', details: expect.objectContaining({ file: path.join(extra, 'notes.txt') }) }),
    );
    const missing = tamperedCopy('missing', (d) => rmSync(path.join(d, 'labels.json')));
    expect(() => loadBundle(missing)).toThrowError(
      expect.objectContaining({ code: 'BUNDLE_INTEGRITY', details: expect.objectContaining({ file: path.join(missing, 'labels.json') }) }),
    );
    const reformatted = tamperedCopy('fmt', (d) => appendFileSync(path.join(d, 'manifest.json'), '\n'));
    expect(() => loadBundle(reformatted)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INTEGRITY' }));
    expect(() => loadBundle(dir, { expectedHash: 'f'.repeat(64) })).toThrowError(expect.objectContaining({ code: 'BUNDLE_INTEGRITY' }));
  });

  it('refuses to write into a non-empty directory', () => {
    const spec = microBundleSpec();
    expect(() => writeBundle(dir, { modelOnnx: new Uint8Array(1), weights: new Uint8Array(1), spec })).toThrowError(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});
