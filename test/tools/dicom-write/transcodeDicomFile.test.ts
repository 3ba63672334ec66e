// Transcoded phantom variants must decode, through the product's own reader, to exactly the stored values
// of the Explicit VR Little Endian original: RLE (our encoder), JPEG-LS (CharLS wasm), JPEG 2000 (OpenJPEG
// wasm), and JPEG Lossless SV1 (DCMTK, the one syntax no installed encoder writes). DCMTK's dcmdump, a reader
// independent of ours, must parse each file too.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeRawSamples } from '../../../src-worker/dicom/decodeRawSamples';
import { readDicom } from '../../../src-worker/dicom/readDicom';
import { readImageMetadata } from '../../../src-worker/dicom/readImageMetadata';
import { encodeRleFrame } from '../../../tools/dicom-write/encodeRleFrame';
import { TARGET_UIDS, transcodeDicomFile, type TargetSyntax } from '../../../tools/dicom-write/transcodeDicomFile';
import { generatePhantomDataset } from '../../../tools/phantoms/generatePhantomDataset';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-transcode-'));

async function storedValues(file: string) {
  const ds = readDicom(readFileSync(file), file);
  const raw = await decodeRawSamples(ds, readImageMetadata(ds));
  return { uid: ds.transferSyntaxUid, decoder: raw.decoder, samples: Array.from(raw.samples) };
}

describe('transcodeDicomFile', () => {
  const originals: string[] = [];
  beforeAll(async () => {
    // Two sites' storage: 12-bit MONOCHROME2 (north) and the other sites' depths, all written as Explicit VR LE.
    const set = await generatePhantomDataset({ dir: path.join(tmp, 'src'), count: 6, seed: 11, size: 64, transcode: false });
    for (const rel of set.files) originals.push(path.join(set.dir, rel));
  });

  it.each<[TargetSyntax, string]>([
    ['rle', 'hilum-rle'],
    ['jpeg-ls', 'charls-wasm'],
    ['jpeg2000', 'openjpeg-wasm'],
    ['jpeg-lossless', 'dcmcjpeg'],
  ])('%s: written by %s, decodes to the original stored values', async (target, tool) => {
    for (const [i, original] of originals.entries()) {
      const file = path.join(tmp, `${target}-${i}.dcm`);
      copyFileSync(original, file);
      const result = await transcodeDicomFile(file, target);
      expect(result).toEqual({ syntax: target, transferSyntaxUid: TARGET_UIDS[target], tool, note: null });
      const [before, after] = [await storedValues(original), await storedValues(file)];
      expect(after.uid).toBe(TARGET_UIDS[target]);
      expect(after.decoder).not.toBe('native');
      expect(after.samples).toEqual(before.samples);
      expect(execFileSync('dcmdump', ['-Un', '+P', '0002,0010', file], { encoding: 'utf8' })).toContain(TARGET_UIDS[target]);
    }
  });

  it('refuses a file that is not Explicit VR Little Endian rather than re-encoding encoded pixels', async () => {
    const file = path.join(tmp, 'twice.dcm');
    copyFileSync(originals[0] as string, file);
    await transcodeDicomFile(file, 'rle');
    await expect(transcodeDicomFile(file, 'jpeg-ls')).rejects.toMatchObject({ code: 'DICOM_UNSUPPORTED_SYNTAX' });
  });
});

describe('encodeRleFrame', () => {
  it('codes runs and literals as PackBits, most significant byte plane first, with the segment header', () => {
    // One row of four 16-bit samples: high bytes 0,0,0,1 and low bytes 5,5,5,5.
    const frame = new Uint8Array(new Uint16Array([5, 5, 5, 261]).buffer);
    const encoded = encodeRleFrame(frame, { rows: 1, columns: 4, bitsAllocated: 16, samplesPerPixel: 1 });
    const header = new DataView(encoded.buffer);
    expect(header.getUint32(0, true)).toBe(2);
    expect(header.getUint32(4, true)).toBe(64);
    // High plane: run of three 0s (257 − 3 = 254, 0) then literal [1] (0, 1) → 4 bytes, even.
    expect(Array.from(encoded.subarray(64, 68))).toEqual([254, 0, 0, 1]);
    expect(header.getUint32(8, true)).toBe(68);
    // Low plane: run of four 5s (253, 5), padded to even length already.
    expect(Array.from(encoded.subarray(68))).toEqual([253, 5]);
  });
});
