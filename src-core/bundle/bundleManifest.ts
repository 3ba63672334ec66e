/** The bundle manifest: every file with its SHA-256; the bundle hash is the SHA-256 of the manifest's canonical JSON. */
import { HilumError } from '../errors';
import { s, type Infer } from '../validate';
import { canonicalJson } from './canonicalJson';

export const BUNDLE_FORMAT = 'hilum-model-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** Files every bundle holds, besides manifest.json itself. */
export const REQUIRED_BUNDLE_FILES = [
  'model.onnx',
  'weights.safetensors',
  'config.json',
  'preprocessing.json',
  'calibration.json',
  'thresholds.json',
  'abstention.json',
  'ood.json',
  'labels.json',
  'provenance.json',
] as const;

const sha256Hex = s.string({ pattern: /^[0-9a-f]{64}$/ });

export const bundleManifestSchema = s.object({
  format: s.literal(BUNDLE_FORMAT),
  formatVersion: s.literal(BUNDLE_FORMAT_VERSION),
  // Plain file names only (no separators, no leading dot): a manifest cannot point outside its directory.
  files: s.array(
    s.object({
      path: s.string({ pattern: /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/ }),
      sha256: sha256Hex,
      bytes: s.number({ min: 0, integer: true }),
    }),
  ),
});
export type BundleManifest = Infer<typeof bundleManifestSchema>;
export type BundleFileEntry = BundleManifest['files'][number];

export function buildManifest(files: BundleFileEntry[]): BundleManifest {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path)
      throw new HilumError('INVALID_ARGUMENT', `bundle file ${sorted[i]!.path} listed twice`, { file: sorted[i]!.path });
  }
  return { format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, files: sorted };
}

/** The exact bytes the bundle hash is computed over (also what manifest.json holds, so `sha256sum manifest.json` = bundle hash). */
export function canonicalManifestBytes(manifest: BundleManifest): Uint8Array {
  return new TextEncoder().encode(canonicalJson(manifest));
}

export function parseManifest(text: string, file: string): BundleManifest {
  try {
    return bundleManifestSchema.parse(JSON.parse(text));
  } catch (e) {
    throw new HilumError('BUNDLE_INTEGRITY', `${file}: not a valid bundle manifest (${(e as Error).message})`, { file });
  }
}
