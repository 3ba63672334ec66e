/** DICOM RLE Lossless (PS3.5 Annex G): byte segments packed with PackBits, recombined MSB first. */
import { HilumError } from '../../../src-core/errors';

export interface RleFrameSpec {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
}

/** Decodes one PackBits segment into `out` (length rows×columns); returns the bytes written. */
function unpackSegment(src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let i = start;
  let o = 0;
  while (i < end && o < out.length) {
    const n = (src[i++]! << 24) >> 24; // as signed byte
    if (n >= 0) {
      const count = Math.min(n + 1, end - i, out.length - o);
      out.set(src.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n !== -128) {
      if (i >= end) break;
      const value = src[i++]!;
      const count = Math.min(1 - n, out.length - o);
      out.fill(value, o, o + count);
      o += count;
    }
  }
  return o;
}

/** Returns samples as a Uint8Array/Uint16Array/Uint32Array in pixel-interleaved order (RGBRGB...). */
export function decodeRle(frame: Uint8Array, spec: RleFrameSpec, file: string): Uint8Array | Uint16Array | Uint32Array {
  const fail = (reason: string): never => {
    throw new HilumError('DICOM_DECODE', `${file}: RLE ${reason}`, { file });
  };
  if (frame.length < 64) fail('header shorter than 64 bytes');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = spec.bitsAllocated / 8;
  if (!Number.isInteger(bytesPerSample)) fail(`cannot hold BitsAllocated ${spec.bitsAllocated}`);
  const expected = spec.samplesPerPixel * bytesPerSample;
  if (segments !== expected) fail(`header has ${segments} segments, expected ${expected}`);
  const offsets: number[] = [];
  for (let s = 0; s < segments; s++) offsets.push(view.getUint32(4 + 4 * s, true));
  const pixels = spec.rows * spec.columns;
  const out =
    bytesPerSample === 1
      ? new Uint8Array(pixels * spec.samplesPerPixel)
      : bytesPerSample === 2
        ? new Uint16Array(pixels * spec.samplesPerPixel)
        : new Uint32Array(pixels * spec.samplesPerPixel);
  const segment = new Uint8Array(pixels);
  for (let s = 0; s < segments; s++) {
    const start = offsets[s]!;
    const end = s + 1 < segments ? offsets[s + 1]! : frame.length;
    if (start < 64 || start > frame.length || end > frame.length || end < start)
      fail(`segment ${s} offset ${start}..${end} outside the ${frame.length}-byte frame`);
    segment.fill(0);
    const written = unpackSegment(frame, start, end, segment);
    if (written !== pixels) fail(`segment ${s} decoded to ${written} bytes, expected ${pixels}`);
    const sample = Math.floor(s / bytesPerSample);
    const shift = 8 * (bytesPerSample - 1 - (s % bytesPerSample)); // first segment of a sample holds its most significant byte
    for (let p = 0; p < pixels; p++) {
      const idx = p * spec.samplesPerPixel + sample;
      out[idx] = (out[idx]! + segment[p]! * 2 ** shift) >>> 0;
    }
  }
  return out;
}
