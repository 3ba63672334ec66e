/**
 * Encodes one frame in DICOM RLE Lossless (PS3.5 Annex G): one segment per byte plane, most
 * significant byte first, each row PackBits-coded, behind the 64-byte segment-offset header.
 */
import { bug } from '../../src-core/errors';

export interface RleFrameSpec {
  rows: number;
  columns: number;
  /** 8 or 16; samples are little-endian in `frame` as in Explicit VR Little Endian pixel data. */
  bitsAllocated: number;
  samplesPerPixel: number;
}

export function encodeRleFrame(frame: Uint8Array, spec: RleFrameSpec): Uint8Array {
  const bytesPerSample = spec.bitsAllocated / 8;
  if (!Number.isInteger(bytesPerSample) || bytesPerSample < 1)
    throw bug(`RLE encoding needs 8 or 16 bits allocated, got ${spec.bitsAllocated}`);
  const pixels = spec.rows * spec.columns;
  const segmentCount = bytesPerSample * spec.samplesPerPixel;
  if (segmentCount > 15) throw bug(`RLE allows at most 15 segments, this frame needs ${segmentCount}`);
  if (frame.length < pixels * segmentCount) throw bug(`frame has ${frame.length} bytes, expected ${pixels * segmentCount}`);
  const segments: Uint8Array[] = [];
  const row = new Uint8Array(spec.columns);
  // Planar segments (PS3.5 G.2): sample by sample, and within each sample the most significant byte first.
  for (let sample = 0; sample < spec.samplesPerPixel; sample++) {
    for (let byte = bytesPerSample - 1; byte >= 0; byte--) {
      const out: number[] = [];
      for (let y = 0; y < spec.rows; y++) {
        for (let x = 0; x < spec.columns; x++) {
          row[x] = frame[((y * spec.columns + x) * spec.samplesPerPixel + sample) * bytesPerSample + byte] as number;
        }
        packBits(row, out);
      }
      if (out.length % 2) out.push(0x80); // segments have even length; 0x80 (−128) is PackBits' no-op
      segments.push(Uint8Array.from(out));
    }
  }
  const encoded = new Uint8Array(64 + segments.reduce((n, s) => n + s.length, 0));
  const header = new DataView(encoded.buffer);
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((segment, i) => {
    header.setUint32(4 + 4 * i, offset, true);
    encoded.set(segment, offset);
    offset += segment.length;
  });
  return encoded;
}

/** PackBits: a run of n ≥ 2 equal bytes becomes (257 − n, byte); anything else literal runs (n − 1, bytes…), n ≤ 128. */
function packBits(src: Uint8Array, out: number[]): void {
  let i = 0;
  while (i < src.length) {
    let run = 1;
    while (i + run < src.length && run < 128 && src[i + run] === src[i]) run++;
    if (run >= 2) {
      out.push(257 - run, src[i] as number);
      i += run;
      continue;
    }
    const start = i;
    while (i < src.length && i - start < 128 && !(i + 1 < src.length && src[i] === src[i + 1])) i++;
    out.push(i - start - 1);
    for (let k = start; k < i; k++) out.push(src[k] as number);
  }
}
