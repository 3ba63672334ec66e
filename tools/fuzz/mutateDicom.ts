/** Seeded DICOM mutator for fuzzing: bit flips, truncation, bad length fields, deep sequence nesting, missing meta length. */
import { readMetaHeader } from '../../src-worker/dicom/readMetaHeader';

export type MutationKind =
  | 'bitflip'
  | 'truncate'
  | 'length-zero'
  | 'length-odd'
  | 'length-undefined'
  | 'length-past-end'
  | 'deep-nesting'
  | 'drop-meta-length'
  | 'meta-length-wrong'
  | 'splice';

export const mutationKinds: MutationKind[] = [
  'bitflip',
  'truncate',
  'length-zero',
  'length-odd',
  'length-undefined',
  'length-past-end',
  'deep-nesting',
  'drop-meta-length',
  'meta-length-wrong',
  'splice',
];

export interface Mutant {
  kind: MutationKind;
  detail: string;
  bytes: Uint8Array;
}

const longVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Offsets and widths of length fields of explicit-VR LE elements, found by scanning for "ggggeeee VR" patterns. */
function findLengthFields(bytes: Uint8Array): Array<{ at: number; width: 2 | 4 }> {
  const fields: Array<{ at: number; width: 2 | 4 }> = [];
  for (let i = 0; i + 12 <= bytes.length && fields.length < 4000; i += 2) {
    const a = bytes[i + 4]!;
    const b = bytes[i + 5]!;
    if (a < 0x41 || a > 0x5a || b < 0x41 || b > 0x5a) continue;
    const vr = String.fromCharCode(a, b);
    if (longVrs.has(vr) && bytes[i + 6] === 0 && bytes[i + 7] === 0) fields.push({ at: i + 8, width: 4 });
    else if (/^(AE|AS|AT|CS|DA|DS|DT|FL|FD|IS|LO|LT|PN|SH|SL|SS|ST|TM|UI|UL|US)$/.test(vr)) fields.push({ at: i + 6, width: 2 });
  }
  return fields;
}

function setLength(bytes: Uint8Array, field: { at: number; width: 2 | 4 }, value: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (field.width === 4) view.setUint32(field.at, value >>> 0, true);
  else view.setUint16(field.at, value & 0xffff, true);
}

function deepNesting(depth: number): Uint8Array {
  // (0008,1115) SQ with undefined length, each item holding another such sequence, then the delimiters.
  const open = [0x08, 0x00, 0x15, 0x11, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff];
  const close = [0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0];
  const out = new Uint8Array(depth * (open.length + close.length));
  for (let d = 0; d < depth; d++) out.set(open, d * open.length);
  for (let d = 0; d < depth; d++) out.set(close, depth * open.length + d * close.length);
  return out;
}

export function mutateDicom(original: Uint8Array, rand: () => number, kind?: MutationKind): Mutant {
  const k = kind ?? mutationKinds[Math.floor(rand() * mutationKinds.length)]!;
  // Uint8Array.from copies even when `original` is a Node Buffer (whose slice() is a view, not a copy).
  const bytes = Uint8Array.from(original);
  const pick = (n: number): number => Math.floor(rand() * n);
  switch (k) {
    case 'bitflip': {
      const flips = 1 + pick(16);
      for (let i = 0; i < flips; i++) {
        const at = pick(bytes.length);
        bytes[at] = bytes[at]! ^ (1 << pick(8));
      }
      return { kind: k, detail: `${flips} bits`, bytes };
    }
    case 'truncate': {
      const at = pick(bytes.length);
      return { kind: k, detail: `at ${at}`, bytes: bytes.subarray(0, at) };
    }
    case 'length-zero':
    case 'length-odd':
    case 'length-undefined':
    case 'length-past-end': {
      const fields = findLengthFields(bytes);
      if (fields.length === 0) return mutateDicom(original, rand, 'bitflip');
      const field = fields[pick(fields.length)]!;
      const view = new DataView(bytes.buffer);
      const current = field.width === 4 ? view.getUint32(field.at, true) : view.getUint16(field.at, true);
      const value =
        k === 'length-zero' ? 0 : k === 'length-odd' ? current | 1 : k === 'length-undefined' ? 0xffffffff : current + bytes.length;
      setLength(bytes, field, value);
      return { kind: k, detail: `field at ${field.at} (${field.width} bytes) ${current} → ${value >>> 0}`, bytes };
    }
    case 'deep-nesting': {
      const depth = 10 + pick(3000);
      let offset = 0;
      try {
        offset = readMetaHeader(original, 'mutant').dataSetOffset;
      } catch {
        offset = 0;
      }
      const nest = deepNesting(depth);
      const out = new Uint8Array(bytes.length + nest.length);
      out.set(bytes.subarray(0, offset), 0);
      out.set(nest, offset);
      out.set(bytes.subarray(offset), offset + nest.length);
      return { kind: k, detail: `depth ${depth} at ${offset}`, bytes: out };
    }
    case 'drop-meta-length':
    case 'meta-length-wrong': {
      // (0002,0000) UL 4 right after "DICM" at 132 in Part 10 files.
      const at = 132;
      const isGroupLength =
        bytes.length > at + 12 && bytes[at] === 0x02 && bytes[at + 1] === 0 && bytes[at + 2] === 0 && bytes[at + 3] === 0;
      if (!isGroupLength) return mutateDicom(original, rand, 'truncate');
      if (k === 'drop-meta-length') {
        const out = new Uint8Array(bytes.length - 12);
        out.set(bytes.subarray(0, at), 0);
        out.set(bytes.subarray(at + 12), at);
        return { kind: k, detail: 'removed (0002,0000)', bytes: out };
      }
      const value = [0, 1, 0xffffffff, pick(400)][pick(4)]!;
      new DataView(bytes.buffer).setUint32(at + 8, value, true);
      return { kind: k, detail: `(0002,0000) = ${value}`, bytes };
    }
    case 'splice': {
      const from = pick(bytes.length);
      const len = Math.min(1 + pick(4096), bytes.length - from);
      const to = pick(bytes.length);
      const out = new Uint8Array(bytes.length + len);
      out.set(bytes.subarray(0, to), 0);
      out.set(bytes.subarray(from, from + len), to);
      out.set(bytes.subarray(to), to + len);
      return { kind: k, detail: `${len} bytes from ${from} inserted at ${to}`, bytes: out };
    }
  }
}
