/** Decodes a folder of DICOMs (non-chest studies) with the bundle's preprocessing, skipping — and counting — the ones that cannot be decoded. */
import fs from 'node:fs';
import path from 'node:path';
import type { PreprocessingSpec } from '../../src-core/bundle';
import { decodeInputImage } from '../inference/decodeInputImage';

export async function decodeFarOodSet(
  dir: string,
  spec: PreprocessingSpec,
): Promise<{ images: Float32Array[]; files: string[]; rejected: Array<{ file: string; reason: string }> }> {
  const images: Float32Array[] = [];
  const files: string[] = [];
  const rejected: Array<{ file: string; reason: string }> = [];
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const file of walk(dir)
    .filter((f) => !/\.(tsv|md|txt|csv|json)$/i.test(f))
    .sort()) {
    try {
      const decoded = await decodeInputImage(new Uint8Array(fs.readFileSync(file)), file, spec);
      // Chest radiographs are the in-distribution set: keep only the other modalities / body parts.
      if (decoded.modality === 'CR' || decoded.modality === 'DX') {
        if (!/extremit|hand|foot|knee|mammo/i.test(JSON.stringify(decoded))) continue;
      }
      images.push(decoded.pixels);
      files.push(file);
    } catch (error) {
      rejected.push({ file, reason: (error as Error).message });
    }
  }
  return { images, files, rejected };
}
