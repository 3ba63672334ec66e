/** Decodes frame 0 to raw integer samples (interleaved), dispatching on the transfer syntax's pixel encoding. */
/// <reference path="./codecs/codecModules.d.ts" />
import { Decoder as JpegLosslessDecoder } from 'jpeg-lossless-decoder-js';
import { HilumError } from '../../src-core/errors';
import type { DicomImageMetadata } from '../../src-core/dicom/types';
import type { DicomDataset } from './readDicom';
import { extractFrameBytes } from './extractFrameBytes';
import { decodeRle } from './codecs/decodeRle';
import { decodeJpegSequential } from './codecs/decodeJpegSequential';
import { loadCodec, type CodecName, type WasmDecoder } from './codecs/loadCodec';
import { runWasmDecoder } from './codecs/runWasmDecoder';
import { readJ2kHeader, readJpegHeader, type CodestreamHeader } from './codecs/readCodestreamHeader';

export type SampleArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

export interface RawSamples {
  samples: SampleArray;
  /** true when samples are already stored values (codec output, or sign handled by the codec). */
  fromCodec: boolean;
  /** Point transform applied by Hilum (JPEG lossless), 0 otherwise. */
  pointTransform: number;
  decoder: string;
  /** Colour sample layout: 'pixel' RGBRGB…, 'planar' RR…GG…BB…. */
  layout: 'pixel' | 'planar';
}

function decodeError(file: string, reason: string): HilumError {
  return new HilumError('DICOM_DECODE', `${file}: ${reason}`, { file });
}

function checkHeader(file: string, header: CodestreamHeader | null, meta: DicomImageMetadata, kind: string): CodestreamHeader {
  if (!header) throw decodeError(file, `${kind} codestream header not found`);
  if (header.width !== meta.columns || header.height !== meta.rows) {
    throw new HilumError(
      'DICOM_BAD_GEOMETRY',
      `${file}: ${kind} codestream is ${header.width}×${header.height}, header says ${meta.columns}×${meta.rows}`,
      { file },
    );
  }
  if (header.components !== meta.samplesPerPixel) {
    throw new HilumError(
      'DICOM_BAD_GEOMETRY',
      `${file}: ${kind} codestream has ${header.components} components, header says ${meta.samplesPerPixel}`,
      { file },
    );
  }
  return header;
}

function readNative(frame: Uint8Array, ds: DicomDataset, meta: DicomImageMetadata): SampleArray {
  const n = meta.rows * meta.columns * meta.samplesPerPixel;
  if (frame.length * 8 < n * meta.bitsAllocated)
    throw decodeError(ds.file, `frame has ${frame.length} bytes, ${n} samples of ${meta.bitsAllocated} bits need more`);
  const little = ds.transferSyntax?.littleEndian ?? true;
  if (meta.bitsAllocated === 1) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (frame[i >> 3]! >> (i & 7)) & 1;
    return out;
  }
  if (meta.bitsAllocated === 8) {
    // Big endian OW with 8-bit samples is stored byte-swapped per 16-bit word (PS3.5 A.1 (c)).
    if (!little && ds.pixelData?.vr === 'OW') {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = frame[i ^ 1] ?? 0;
      return out;
    }
    return frame.slice(0, n);
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (meta.bitsAllocated === 16) {
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getUint16(2 * i, little);
    return out;
  }
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getUint32(4 * i, little);
  return out;
}

function bytesToSamples(bytes: Uint8Array, bitsPerSample: number, signed: boolean): SampleArray {
  if (bitsPerSample <= 8) return signed ? new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length) : bytes;
  const copy = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const len = Math.floor(copy.length / 2);
  return signed ? new Int16Array(copy.buffer, copy.byteOffset, len) : new Uint16Array(copy.buffer, copy.byteOffset, len);
}

async function decodeWasm(
  codec: CodecName,
  cls: 'J2KDecoder' | 'HTJ2KDecoder' | 'JpegLSDecoder' | 'JPEGDecoder',
  frame: Uint8Array,
  meta: DicomImageMetadata,
  file: string,
): Promise<{ samples: SampleArray; layout: RawSamples['layout'] }> {
  const module = await loadCodec(codec);
  const Ctor = module[cls] as (new () => WasmDecoder) | undefined;
  if (!Ctor) throw decodeError(file, `${codec} has no ${cls}`);
  let result;
  try {
    result = runWasmDecoder(new Ctor(), frame);
  } catch (error) {
    throw new HilumError(
      'DICOM_DECODE',
      `${file}: ${codec} failed (${error instanceof Error ? error.message : typeof error === 'number' ? `wasm exception ${error}` : String(error)})`,
      { file, decoder: codec },
      { cause: error },
    );
  }
  const { bytes, frameInfo } = result;
  const samples = bytesToSamples(bytes, frameInfo.bitsPerSample, frameInfo.isSigned === true);
  const expected = meta.rows * meta.columns * meta.samplesPerPixel;
  // openjpeg and openjph can "succeed" with an empty buffer: the length check is what catches it.
  if (samples.length !== expected || frameInfo.width !== meta.columns || frameInfo.height !== meta.rows) {
    throw decodeError(
      file,
      `${codec} returned ${samples.length} samples (${frameInfo.width}×${frameInfo.height}×${frameInfo.componentCount}), expected ${expected}`,
    );
  }
  // CharLS hands back planar samples for ILV none and pixel-interleaved ones for ILV line and sample
  // (checked against DCMTK-made +in/+il/+is RGB files in transferSyntaxVariants.test.ts).
  const layout = result.interleaveMode === 0 ? 'planar' : 'pixel';
  return { samples, layout };
}

function decodeJpegLossless(frame: Uint8Array, meta: DicomImageMetadata, file: string): { samples: SampleArray; pt: number } {
  const header = checkHeader(file, readJpegHeader(frame), meta, 'JPEG lossless');
  if (header.sofMarker !== 0xc3 && header.sofMarker !== 0xc7)
    throw decodeError(file, `JPEG lossless syntax but SOF marker 0x${header.sofMarker?.toString(16)}`);
  let out: SampleArray;
  try {
    const decoder = new JpegLosslessDecoder();
    const numBytes = header.precision > 8 ? 2 : 1;
    out = decoder.decode(frame.buffer as ArrayBuffer, frame.byteOffset, frame.length, numBytes) as SampleArray;
  } catch (error) {
    throw new HilumError(
      'DICOM_DECODE',
      `${file}: JPEG lossless decode failed (${error instanceof Error ? error.message : String(error)})`,
      { file },
      { cause: error },
    );
  }
  const expected = meta.rows * meta.columns * meta.samplesPerPixel;
  if (out.length !== expected) throw decodeError(file, `JPEG lossless returned ${out.length} samples, expected ${expected}`);
  const pt = header.pointTransform ?? 0;
  if (pt > 0) {
    // jpeg-lossless-decoder-js ignores Pt; DCMTK and GDCM output (v << Pt) masked to BitsStored.
    const mask = 2 ** meta.bitsStored - 1;
    for (let i = 0; i < out.length; i++) out[i] = (out[i]! << pt) & mask;
  }
  return { samples: out, pt };
}

export async function decodeRawSamples(ds: DicomDataset, meta: DicomImageMetadata): Promise<RawSamples> {
  const { file } = ds;
  const syntax = ds.transferSyntax;
  if (!syntax || !syntax.supported) {
    throw new HilumError(
      'DICOM_UNSUPPORTED_SYNTAX',
      `${file}: transfer syntax ${ds.transferSyntaxUid}${syntax ? ` (${syntax.name})` : ''} is not supported${syntax?.unsupportedReason ? `: ${syntax.unsupportedReason}` : ''}`,
      { file, transferSyntaxUid: ds.transferSyntaxUid },
    );
  }
  const frame = extractFrameBytes(ds, meta);
  const base = { fromCodec: true, pointTransform: 0, layout: 'pixel' as RawSamples['layout'] };
  switch (syntax.pixelEncoding) {
    case 'native':
      if (ds.pixelData?.encapsulatedPixelData) {
        throw new HilumError(
          'DICOM_DECODE',
          `${file}: encapsulated pixel data in the uncompressed transfer syntax ${ds.transferSyntaxUid}`,
          { file },
        );
      }
      return { ...base, samples: readNative(frame, ds, meta), fromCodec: false, decoder: 'native' };
    case 'rle':
      return { ...base, samples: decodeRle(frame, meta, file), fromCodec: false, decoder: 'hilum-rle' };
    case 'jpeg-baseline': {
      const h = checkHeader(file, readJpegHeader(frame), meta, 'JPEG');
      if (h.precision !== 8)
        throw new HilumError('DICOM_UNSUPPORTED_SYNTAX', `${file}: ${h.precision}-bit JPEG in a baseline (8-bit) transfer syntax`, {
          file,
        });
      return { ...base, ...(await decodeWasm('libjpeg-turbo-8bit', 'JPEGDecoder', frame, meta, file)), decoder: 'libjpeg-turbo-8bit' };
    }
    case 'jpeg-extended-12': {
      checkHeader(file, readJpegHeader(frame), meta, 'JPEG');
      const decoded = decodeJpegSequential(frame, file);
      return { ...base, samples: decoded.samples, decoder: `hilum-jpeg-sequential (${decoded.precision}-bit, IJG islow IDCT)` };
    }
    case 'jpeg-lossless': {
      const { samples, pt } = decodeJpegLossless(frame, meta, file);
      return { ...base, samples, pointTransform: pt, decoder: 'jpeg-lossless-decoder-js' };
    }
    case 'jpeg-ls':
      checkHeader(file, readJpegHeader(frame), meta, 'JPEG-LS');
      return { ...base, ...(await decodeWasm('charls', 'JpegLSDecoder', frame, meta, file)), decoder: 'charls' };
    case 'jpeg2000':
      checkHeader(file, readJ2kHeader(frame), meta, 'JPEG 2000');
      return { ...base, ...(await decodeWasm('openjpeg', 'J2KDecoder', frame, meta, file)), decoder: 'openjpeg' };
    case 'htj2k':
      checkHeader(file, readJ2kHeader(frame), meta, 'HTJ2K');
      return { ...base, ...(await decodeWasm('openjph', 'HTJ2KDecoder', frame, meta, file)), decoder: 'openjph' };
    default:
      throw new HilumError('DICOM_UNSUPPORTED_SYNTAX', `${file}: ${syntax.name} is not supported`, { file });
  }
}
