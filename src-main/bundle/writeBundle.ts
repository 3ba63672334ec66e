/** Writes a model bundle directory: model.onnx, weights, the JSON specs, and manifest.json with every file's SHA-256. */
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import {
  buildManifest,
  canonicalManifestBytes,
  MANIFEST_FILE,
  parseBundleSpec,
  type BundleManifest,
  type BundleSpec,
} from '../../src-core/bundle';
import { sha256Hex } from '../governance/sha256Hex';

export interface BundleContents {
  modelOnnx: Uint8Array;
  /** safetensors bytes in the canonical weight names. */
  weights: Uint8Array;
  spec: BundleSpec;
}

export interface WrittenBundle {
  dir: string;
  bundleHash: string;
  manifest: BundleManifest;
}

const jsonFiles: Record<keyof BundleSpec, string> = {
  config: 'config.json',
  labels: 'labels.json',
  preprocessing: 'preprocessing.json',
  calibration: 'calibration.json',
  thresholds: 'thresholds.json',
  abstention: 'abstention.json',
  ood: 'ood.json',
  provenance: 'provenance.json',
};

export function bundleJsonFileNames(): Record<keyof BundleSpec, string> {
  return { ...jsonFiles };
}

export function writeBundle(dir: string, contents: BundleContents): WrittenBundle {
  // Validate before writing anything: a bundle on disk is always a loadable one.
  parseBundleSpec(contents.spec);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new HilumError('CONFLICT', `${dir}: bundle directory is not empty`, { file: dir });
  }
  mkdirSync(dir, { recursive: true });
  const files: [string, Uint8Array][] = [
    ['model.onnx', contents.modelOnnx],
    ['weights.safetensors', contents.weights],
  ];
  for (const [key, name] of Object.entries(jsonFiles) as [keyof BundleSpec, string][]) {
    files.push([name, new TextEncoder().encode(`${JSON.stringify(contents.spec[key], null, 2)}\n`)]);
  }
  const entries = files.map(([name, bytes]) => {
    try {
      writeFileSync(path.join(dir, name), bytes);
    } catch (e) {
      throw new HilumError('IO_ERROR', `${path.join(dir, name)}: could not write (${(e as Error).message})`, {
        file: path.join(dir, name),
      });
    }
    return { path: name, sha256: sha256Hex(bytes), bytes: bytes.byteLength };
  });
  const manifest = buildManifest(entries);
  const manifestBytes = canonicalManifestBytes(manifest);
  writeFileSync(path.join(dir, MANIFEST_FILE), manifestBytes);
  return { dir, bundleHash: sha256Hex(manifestBytes), manifest };
}
