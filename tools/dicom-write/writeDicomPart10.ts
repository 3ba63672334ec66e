/**
 * A minimal DICOM Part 10 writer: 128-byte preamble, "DICM", the file meta group, then a flat
 * data set in Explicit VR Little Endian (1.2.840.10008.1.2.1). Enough for single-frame greyscale
 * images with string and US/UL/DS/IS attributes; no sequences. Used for synthetic phantoms —
 * other transfer syntaxes are produced from its output by transcodeDicomFile (dcmjs + wasm encoders, DCMTK for JPEG lossless).
 */
import { bug } from '../../src-core/errors';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Hilum's implementation class UID under the 2.25 (UUID-derived) root. */
export const HILUM_IMPLEMENTATION_UID = '2.25.196912458110234920843622163117870151530';

export type DicomValue = string | string[] | number | number[] | Uint8Array | Uint16Array;

export interface DicomElement {
  /** (group << 16) | element, e.g. 0x00100010 for PatientName. */
  tag: number;
  vr: string;
  value: DicomValue;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);

export function writeDicomPart10(elements: readonly DicomElement[], sopClassUid: string, sopInstanceUid: string): Uint8Array {
  const meta: DicomElement[] = [
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: sopClassUid },
    { tag: 0x00020003, vr: 'UI', value: sopInstanceUid },
    { tag: 0x00020010, vr: 'UI', value: EXPLICIT_VR_LITTLE_ENDIAN },
    { tag: 0x00020012, vr: 'UI', value: HILUM_IMPLEMENTATION_UID },
    { tag: 0x00020013, vr: 'SH', value: 'HILUM_1' },
  ];
  const metaBody = concat(meta.map(encodeElement));
  const groupLength = encodeElement({ tag: 0x00020000, vr: 'UL', value: metaBody.length });
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  if (sorted.some((e) => e.tag >>> 16 === 0x0002)) throw bug('file meta elements are written by writeDicomPart10 itself');
  const body = concat(sorted.map(encodeElement));
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128); // "DICM"
  return concat([preamble, groupLength, metaBody, body]);
}

function encodeElement(e: DicomElement): Uint8Array {
  const value = encodeValue(e);
  const long = LONG_VRS.has(e.vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, e.tag >>> 16, true);
  view.setUint16(2, e.tag & 0xffff, true);
  header[4] = e.vr.charCodeAt(0);
  header[5] = e.vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else {
    if (value.length > 0xffff) throw bug(`value of (${hex(e.tag)}) is too long for VR ${e.vr}`);
    view.setUint16(6, value.length, true);
  }
  return concat([header, value]);
}

function encodeValue(e: DicomElement): Uint8Array {
  const v = e.value;
  switch (e.vr) {
    case 'US':
      return numbers(v, 2, (d, o, n) => d.setUint16(o, n, true));
    case 'UL':
      return numbers(v, 4, (d, o, n) => d.setUint32(o, n, true));
    case 'SS':
      return numbers(v, 2, (d, o, n) => d.setInt16(o, n, true));
    case 'OW': {
      if (!(v instanceof Uint16Array)) throw bug(`(${hex(e.tag)}) OW needs a Uint16Array`);
      // Typed arrays use the host's byte order; copy bytes directly on little-endian hosts (all we ship to).
      if (LITTLE_ENDIAN_HOST) return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
      return numbers(Array.from(v), 2, (d, o, n) => d.setUint16(o, n, true));
    }
    case 'OB': {
      if (!(v instanceof Uint8Array)) throw bug(`(${hex(e.tag)}) OB needs a Uint8Array`);
      return pad(v, 0);
    }
    default: {
      const text = Array.isArray(v) ? v.join('\\') : String(v);
      return pad(new TextEncoder().encode(text), e.vr === 'UI' ? 0 : 0x20);
    }
  }
}

function numbers(v: DicomValue, size: number, set: (d: DataView, offset: number, n: number) => void): Uint8Array {
  const list = typeof v === 'number' ? [v] : Array.from(v as ArrayLike<number>);
  const out = new Uint8Array(list.length * size);
  const d = new DataView(out.buffer);
  list.forEach((n, i) => set(d, i * size, n));
  return out;
}

/** DICOM values have even length: strings pad with a space, UIDs and bytes with NUL. */
function pad(bytes: Uint8Array, padByte: number): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = padByte;
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function hex(tag: number): string {
  return `${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')}`;
}
