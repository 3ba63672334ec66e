/**
 * Re-encodes an Explicit VR Little Endian DICOM file into another lossless transfer syntax, in place.
 * dcmjs reads and writes the Part 10 file (encapsulated pixel data included); the frame is encoded by
 * our RLE encoder or the installed wasm codecs (CharLS for JPEG-LS, OpenJPEG for JPEG 2000). Only JPEG
 * Lossless SV1 has no installed encoder, so DCMTK's dcmcjpeg writes it when present. The result says
 * what produced the file, or why nothing did; callers record it (never a silent fallback).
 */
/// <reference path="./dcmjs.d.ts" />
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { HilumError } from '../../src-core/errors';
import { encodeRleFrame } from './encodeRleFrame';
import { encodeWithWasmCodec } from './encodeWithWasmCodec';
import { EXPLICIT_VR_LITTLE_ENDIAN } from './writeDicomPart10';

export type TargetSyntax = 'explicit-le' | 'rle' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000';

export interface TranscodeResult {
  syntax: TargetSyntax;
  transferSyntaxUid: string;
  /** What encoded the pixels: 'hilum-rle', 'charls-wasm', 'openjpeg-wasm', 'dcmcjpeg', or null when unchanged. */
  tool: string | null;
  /** Set when the requested syntax could not be produced and the file stayed Explicit VR LE. */
  note: string | null;
}

export const TARGET_UIDS: Record<TargetSyntax, string> = {
  'explicit-le': EXPLICIT_VR_LITTLE_ENDIAN,
  rle: '1.2.840.10008.1.2.5',
  'jpeg-lossless': '1.2.840.10008.1.2.4.70',
  'jpeg-ls': '1.2.840.10008.1.2.4.80',
  jpeg2000: '1.2.840.10008.1.2.4.90',
};

const ENCODED_BY: Record<'rle' | 'jpeg-ls' | 'jpeg2000', string> = {
  rle: 'hilum-rle',
  'jpeg-ls': 'charls-wasm',
  jpeg2000: 'openjpeg-wasm',
};

/** Transcodes `file` in place. DCMTK runs as its own process, so several can run beside the caller. */
export async function transcodeDicomFile(file: string, target: TargetSyntax): Promise<TranscodeResult> {
  if (target === 'explicit-le') return { syntax: target, transferSyntaxUid: TARGET_UIDS[target], tool: null, note: null };
  if (target === 'jpeg-lossless') return transcodeWithDcmtk(file);
  const bytes = readFileSync(file);
  const dicom = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const syntax = dicom.meta['00020010']?.Value[0];
  if (syntax !== EXPLICIT_VR_LITTLE_ENDIAN) {
    throw new HilumError('DICOM_UNSUPPORTED_SYNTAX', `${file}: transcoding starts from Explicit VR Little Endian, not ${String(syntax)}`, {
      file,
    });
  }
  const number = (tag: string) => Number(dicom.dict[tag]?.Value[0]);
  const [rows, columns, bitsAllocated, bitsStored, samplesPerPixel] = ['00280010', '00280011', '00280100', '00280101', '00280002'].map(
    number,
  );
  const pixelData = dicom.dict['7FE00010']?.Value[0];
  if (!(pixelData instanceof ArrayBuffer))
    throw new HilumError('DICOM_NO_PIXEL_DATA', `${file}: no native pixel data to transcode`, { file });
  const frame = new Uint8Array(pixelData);
  const spec = {
    rows: rows as number,
    columns: columns as number,
    bitsAllocated: bitsAllocated as number,
    samplesPerPixel: samplesPerPixel as number,
  };
  const encoded =
    target === 'rle'
      ? encodeRleFrame(frame, spec)
      : await encodeWithWasmCodec(target, frame, {
          width: spec.columns,
          height: spec.rows,
          bitsPerSample: bitsStored as number,
          componentCount: spec.samplesPerPixel,
          isSigned: number('00280103') === 1,
        });
  dicom.meta['00020010'] = { vr: 'UI', Value: [TARGET_UIDS[target]] };
  dicom.dict['7FE00010'] = { vr: 'OB', Value: [encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.length)] };
  // One fragment per frame: the product's reader and DCMTK both take a single-fragment frame.
  writeFileSync(file, new Uint8Array(dicom.write({ fragmentMultiframe: false })));
  return { syntax: target, transferSyntaxUid: TARGET_UIDS[target], tool: ENCODED_BY[target], note: null };
}

export function toolAvailable(tool: string): boolean {
  return ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'].some((d) => existsSync(`${d}/${tool}`));
}

/** JPEG Lossless, Non-Hierarchical, First-Order Prediction (SV1): no installed wasm encoder writes it. */
async function transcodeWithDcmtk(file: string): Promise<TranscodeResult> {
  const target = 'jpeg-lossless';
  const unchanged = (note: string): TranscodeResult => ({
    syntax: 'explicit-le',
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    tool: null,
    note,
  });
  if (!toolAvailable('dcmcjpeg')) return unchanged(`dcmcjpeg (DCMTK) not installed; ${target} not produced`);
  const tmp = `${file}.${target}.tmp`;
  const failure = await new Promise<string | null>((resolve) => {
    execFile('dcmcjpeg', ['+e1', file, tmp], (error, _stdout, stderr) => resolve(error ? String(stderr).trim() || error.message : null));
  });
  if (failure === null && existsSync(tmp)) {
    renameSync(tmp, file);
    return { syntax: target, transferSyntaxUid: TARGET_UIDS[target], tool: 'dcmcjpeg', note: null };
  }
  rmSync(tmp, { force: true });
  return unchanged(`dcmcjpeg failed: ${(failure ?? 'no output').slice(0, 200)}`);
}
