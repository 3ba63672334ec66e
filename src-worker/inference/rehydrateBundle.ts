/**
 * Turns a bundle main verified (and sent as data) back into a LoadedBundle inside the worker: the
 * spec is parsed again, and weights.safetensors (read only for saliency) is checked against the
 * manifest whose canonical bytes hash to the bundle hash, so the worker trusts nothing it did not check.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, parseBundleSpec, parseManifest, type BundleSpec, type LoadedBundle } from '../../src-core/bundle';
import { HilumError } from '../../src-core/errors';

export interface VerifiedBundleData {
  source: string;
  bundleHash: string;
  spec: unknown;
  modelBytes: Uint8Array;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function readOrThrow(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new HilumError('IO_ERROR', `${file}: could not read (${(error as Error).message})`, { file });
  }
}

export function rehydrateBundle(data: VerifiedBundleData): LoadedBundle {
  const readWeights = (): Uint8Array => {
    const manifestFile = path.join(data.source, MANIFEST_FILE);
    const manifestBytes = readOrThrow(manifestFile);
    // The bundle hash is over the canonical manifest, and a verified bundle's manifest file is exactly that.
    if (sha256(manifestBytes) !== data.bundleHash) {
      throw new HilumError('BUNDLE_INTEGRITY', `${manifestFile}: changed since the bundle was verified`, {
        file: manifestFile,
        bundle: data.source,
      });
    }
    const manifest = parseManifest(new TextDecoder().decode(manifestBytes), manifestFile);
    const entry = manifest.files.find((f) => f.path === 'weights.safetensors');
    const file = path.join(data.source, 'weights.safetensors');
    const bytes = readOrThrow(file);
    if (!entry || sha256(bytes) !== entry.sha256)
      throw new HilumError('BUNDLE_INTEGRITY', `${file}: content changed since the bundle was verified`, { file, bundle: data.source });
    return bytes;
  };
  const spec = parseBundleSpec(data.spec as Record<keyof BundleSpec, unknown>);
  return { bundleHash: data.bundleHash, spec, modelBytes: data.modelBytes, source: data.source, readWeights };
}
