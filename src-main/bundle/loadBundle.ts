/** Reads a bundle directory and verifies it byte for byte against its manifest before anything is used. */
import fs, { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import {
  canonicalManifestBytes,
  MANIFEST_FILE,
  parseBundleSpec,
  parseManifest,
  REQUIRED_BUNDLE_FILES,
  type BundleManifest,
  type BundleSpec,
  type LoadedBundle,
} from '../../src-core/bundle';
import { describeSkip } from '../../src-core/files/classifyEntry';
import { walkFolder } from '../../src-core/files/walkFolder';
import { sha256Hex } from '../governance/sha256Hex';
import { bundleJsonFileNames } from './writeBundle';

export interface LoadBundleOptions {
  /** The hash that was signed or locked: refuse any other bundle. */
  expectedHash?: string;
}

function integrity(dir: string, file: string, reason: string, extra: Record<string, unknown> = {}): HilumError {
  return new HilumError('BUNDLE_INTEGRITY', `${path.join(dir, file)}: ${reason}`, {
    file: path.join(dir, file),
    bundle: dir,
    reason,
    ...extra,
  });
}

function readOrThrow(dir: string, file: string): Uint8Array {
  try {
    return readFileSync(path.join(dir, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw integrity(dir, file, 'listed in the manifest but missing');
    throw new HilumError('IO_ERROR', `${path.join(dir, file)}: could not read (${(e as Error).message})`, { file: path.join(dir, file) });
  }
}

/** Verifies hashes only (no parsing of the specs): the bundle hash and manifest. */
export function verifyBundle(
  dir: string,
  options: LoadBundleOptions = {},
): { bundleHash: string; manifest: BundleManifest; files: Map<string, Uint8Array> } {
  try {
    if (!statSync(dir).isDirectory()) throw new HilumError('NOT_FOUND', `${dir}: not a bundle directory`, { file: dir });
  } catch (e) {
    if (e instanceof HilumError) throw e;
    throw new HilumError('NOT_FOUND', `${dir}: bundle directory does not exist`, { file: dir });
  }
  // Listed with lstat before any file is opened: a FIFO (which would block the read), socket, device or bad link is refused.
  const entries = walkFolder(fs, dir, { maxDepth: 0, hidden: true });
  const special = entries.skipped[0];
  if (special) throw integrity(dir, special.path, describeSkip(null, special.reason, special.detail), { skipReason: special.reason });
  const manifestBytes = readOrThrow(dir, MANIFEST_FILE);
  const manifest = parseManifest(new TextDecoder().decode(manifestBytes), path.join(dir, MANIFEST_FILE));
  // The bundle hash is defined over the canonical manifest; a re-formatted manifest.json is a changed bundle.
  const canonical = canonicalManifestBytes(manifest);
  if (Buffer.compare(Buffer.from(canonical), Buffer.from(manifestBytes)) !== 0)
    throw integrity(dir, MANIFEST_FILE, 'manifest is not in canonical form');
  const bundleHash = sha256Hex(canonical);
  if (options.expectedHash !== undefined && options.expectedHash !== bundleHash) {
    throw integrity(dir, MANIFEST_FILE, `bundle hash ${bundleHash} is not the expected ${options.expectedHash}`, {
      bundleHash,
      expectedHash: options.expectedHash,
    });
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const required of REQUIRED_BUNDLE_FILES)
    if (!listed.has(required)) throw integrity(dir, required, 'required file is not listed in the manifest');
  for (const name of [...entries.files, ...entries.folders]) {
    if (name !== MANIFEST_FILE && !listed.has(name)) throw integrity(dir, name, 'file is not listed in the manifest');
  }
  for (const name of entries.folders) if (listed.has(name)) throw integrity(dir, name, 'listed in the manifest but is a folder');
  const files = new Map<string, Uint8Array>();
  for (const entry of manifest.files) {
    const bytes = readOrThrow(dir, entry.path);
    const actual = sha256Hex(bytes);
    if (bytes.byteLength !== entry.bytes || actual !== entry.sha256) {
      throw integrity(
        dir,
        entry.path,
        `content changed: SHA-256 ${actual} (${bytes.byteLength} bytes), manifest says ${entry.sha256} (${entry.bytes} bytes)`,
        { expected: entry.sha256, actual },
      );
    }
    files.set(entry.path, bytes);
  }
  return { bundleHash, manifest, files };
}

export function loadBundle(dir: string, options: LoadBundleOptions = {}): LoadedBundle {
  const { bundleHash, files, manifest } = verifyBundle(dir, options);
  const json = {} as Record<keyof BundleSpec, unknown>;
  for (const [key, name] of Object.entries(bundleJsonFileNames()) as [keyof BundleSpec, string][]) {
    try {
      json[key] = JSON.parse(new TextDecoder().decode(files.get(name)!));
    } catch (e) {
      throw new HilumError('CONFIG_INVALID', `${path.join(dir, name)}: not JSON (${(e as Error).message})`, { file: path.join(dir, name) });
    }
  }
  const weightsEntry = manifest.files.find((f) => f.path === 'weights.safetensors')!;
  const readWeights = (): Uint8Array => {
    const bytes = readOrThrow(dir, weightsEntry.path);
    if (sha256Hex(bytes) !== weightsEntry.sha256) throw integrity(dir, weightsEntry.path, 'content changed since the bundle was loaded');
    return bytes;
  };
  return { bundleHash, spec: parseBundleSpec(json), modelBytes: files.get('model.onnx')!, source: dir, readWeights };
}
