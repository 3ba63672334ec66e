/** Decodes a folder of DICOMs (non-chest studies) with the bundle's preprocessing, skipping — and counting — the ones that cannot be decoded. */
import fs from 'node:fs';
import path from 'node:path';
import type { PreprocessingSpec } from '../../src-core/bundle';
import { describeSkip } from '../../src-core/files/classifyEntry';
import { walkFolder } from '../../src-core/files/walkFolder';
import { decodeInputImage } from '../inference/decodeInputImage';

export async function decodeFarOodSet(
  dir: string,
  spec: PreprocessingSpec,
): Promise<{ images: Float32Array[]; files: string[]; rejected: Array<{ file: string; reason: string }> }> {
  const images: Float32Array[] = [];
  const files: string[] = [];
  const rejected: Array<{ file: string; reason: string }> = [];
  // FIFOs, sockets, devices and link loops are never opened (a FIFO would block the read): rejected with their reason.
  const walked = walkFolder(fs, dir, { hidden: true });
  for (const skip of walked.skipped) {
    const file = path.join(dir, skip.path);
    rejected.push({ file, reason: describeSkip(file, skip.reason, skip.detail) });
  }
  for (const file of walked.files
    .filter((f) => !/\.(tsv|md|txt|csv|json)$/i.test(f))
    .map((f) => path.join(dir, f))
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
