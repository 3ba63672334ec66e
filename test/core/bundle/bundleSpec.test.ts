// Bundle spec cross-checks and the canonical manifest the bundle hash is computed over.
import { describe, expect, it } from 'vitest';
import {
  buildManifest,
  canonicalJson,
  canonicalManifestBytes,
  parseBundleSpec,
  parseManifest,
  type BundleSpec,
} from '../../../src-core/bundle';
import { microBundleSpec } from '../../fixtures/onnx/microBundleSpec';

const withChange = (edit: (s: BundleSpec) => void): BundleSpec => {
  const s = structuredClone(microBundleSpec());
  edit(s);
  return s;
};

describe('parseBundleSpec', () => {
  it('accepts a complete spec', () => {
    expect(parseBundleSpec(microBundleSpec()).labels.labels).toHaveLength(14);
  });
  it.each<[string, (s: BundleSpec) => void]>([
    ['calibration.json', (s) => delete s.calibration.temperatures.Hernia],
    ['thresholds.json', (s) => (s.thresholds.thresholds.Mass = 1.5)],
    ['abstention.json', (s) => delete s.abstention.bands.Edema],
    ['labels.json', (s) => s.labels.labels.pop()],
    ['preprocessing.json', (s) => (s.preprocessing.imageSize = 64)],
    ['ood.json', (s) => (s.ood.primary = 'mahalanobis')],
    ['config.json', (s) => (s.config.width = 33)],
  ])('refuses a broken %s with CONFIG_INVALID naming it', (file, edit) => {
    expect(() => parseBundleSpec(withChange(edit))).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.objectContaining({ file }) }),
    );
  });
});

describe('canonical manifest', () => {
  it('sorts keys and files, has no whitespace, and refuses NaN', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: true, c: null }] })).toBe('{"a":[2,{"c":null,"d":true}],"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const m = buildManifest([
      { path: 'z.json', sha256: 'a'.repeat(64), bytes: 1 },
      { path: 'a.json', sha256: 'b'.repeat(64), bytes: 2 },
    ]);
    const text = new TextDecoder().decode(canonicalManifestBytes(m));
    expect(text).toBe(
      `{"files":[{"bytes":2,"path":"a.json","sha256":"${'b'.repeat(64)}"},{"bytes":1,"path":"z.json","sha256":"${'a'.repeat(64)}"}],"format":"hilum-model-bundle","formatVersion":1}`,
    );
    expect(parseManifest(text, 'manifest.json')).toEqual(m);
    expect(() =>
      buildManifest([
        { path: 'a', sha256: 'b'.repeat(64), bytes: 1 },
        { path: 'a', sha256: 'c'.repeat(64), bytes: 1 },
      ]),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseManifest('{"format":"other"}', 'manifest.json')).toThrowError(expect.objectContaining({ code: 'BUNDLE_INTEGRITY' }));
  });
});
