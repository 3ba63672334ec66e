/**
 * Hilum's own decoder for sequential DCT JPEG with Huffman coding (ITU T.81 processes 1, 2 and 4:
 * SOF0 and SOF1), 8- or 12-bit precision, one component, with restart intervals. It exists because
 * no available Node decoder gives correct 12-bit output (DICOM 1.2.840.10008.1.2.4.51); the IDCT is
 * IJG's islow, so results match DCMTK's dcmdjpeg sample for sample. Progressive, hierarchical,
 * arithmetic-coded and multi-component streams are refused with DICOM_UNSUPPORTED_SYNTAX.
 */
import { HilumError } from '../../../src-core/errors';
import { idctIslow } from './idctIslow';

const zigzag = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

interface HuffTable {
  maxcode: Int32Array; // per length 1..16, -1 when none
  valptr: Int32Array;
  mincode: Int32Array;
  values: Uint8Array;
}

function buildHuffTable(counts: Uint8Array, values: Uint8Array): HuffTable {
  const maxcode = new Int32Array(18).fill(-1);
  const valptr = new Int32Array(17);
  const mincode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    const n = counts[l - 1]!;
    if (n > 0) {
      valptr[l] = k;
      mincode[l] = code;
      code += n;
      k += n;
      maxcode[l] = code - 1;
    }
    code *= 2;
  }
  maxcode[17] = 0x7fffffff; // sentinel, never reached: lengths stop at 16
  return { maxcode, valptr, mincode, values };
}

class BitReader {
  private pos: number;
  private buffer = 0;
  private bits = 0;
  /** Set once a marker (or the end) is met inside entropy-coded data; further bits read as 0, as in IJG. */
  marker: number | null = null;

  constructor(
    private readonly data: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  private fill(): void {
    while (this.bits <= 24) {
      let byte = 0;
      if (this.marker === null && this.pos < this.data.length) {
        byte = this.data[this.pos]!;
        if (byte === 0xff) {
          const next = this.data[this.pos + 1];
          if (next === 0x00) this.pos += 2;
          else {
            this.marker = next ?? 0xd9;
            byte = 0;
          }
        } else this.pos++;
      } else if (this.marker === null) this.marker = 0xd9;
      this.buffer = ((this.buffer << 8) | byte) >>> 0;
      this.bits += 8;
    }
  }

  bit(): number {
    if (this.bits === 0) this.fill();
    this.bits--;
    return (this.buffer >>> this.bits) & 1;
  }

  receive(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }

  /** Byte-aligns, then expects RSTn at the current position; returns false if it is not there. */
  restart(): boolean {
    this.bits = 0;
    this.buffer = 0;
    if (this.marker !== null) {
      const m = this.marker;
      this.marker = null;
      if (m >= 0xd0 && m <= 0xd7) {
        this.pos += 2;
        return true;
      }
      return false;
    }
    if (this.data[this.pos] === 0xff && this.data[this.pos + 1]! >= 0xd0 && this.data[this.pos + 1]! <= 0xd7) {
      this.pos += 2;
      return true;
    }
    return false;
  }

  get position(): number {
    return this.pos;
  }
}

function decodeHuffman(reader: BitReader, t: HuffTable): number {
  let code = reader.bit();
  let l = 1;
  while (l <= 16 && code > t.maxcode[l]!) {
    code = code * 2 + reader.bit();
    l++;
  }
  if (l > 16) return -1;
  return t.values[t.valptr[l]! + code - t.mincode[l]!]!;
}

const extend = (v: number, s: number): number => (s === 0 ? 0 : v < 2 ** (s - 1) ? v - 2 ** s + 1 : v);

export interface SequentialJpegResult {
  width: number;
  height: number;
  precision: 8 | 12;
  samples: Uint16Array;
}

export function decodeJpegSequential(data: Uint8Array, file: string): SequentialJpegResult {
  const fail = (code: 'DICOM_DECODE' | 'DICOM_UNSUPPORTED_SYNTAX', reason: string): never => {
    throw new HilumError(code, `${file}: JPEG ${reason}`, { file });
  };
  if (data[0] !== 0xff || data[1] !== 0xd8) fail('DICOM_DECODE', 'stream does not start with SOI');
  const quant: Array<Uint16Array | undefined> = [];
  const dc: Array<HuffTable | undefined> = [];
  const ac: Array<HuffTable | undefined> = [];
  let frame: { precision: 8 | 12; width: number; height: number; tq: number } | null = null;
  let restartInterval = 0;
  let pos = 2;
  const u16 = (p: number): number => (data[p]! << 8) | data[p + 1]!;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) fail('DICOM_DECODE', `expected a marker at byte ${pos}`);
    const marker = data[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    const length = u16(pos + 2);
    const seg = pos + 4;
    const end = pos + 2 + length;
    if (length < 2 || end > data.length) fail('DICOM_DECODE', `segment 0x${marker.toString(16)} length ${length} runs past the end`);
    if (marker === 0xdb) {
      for (let p = seg; p < end;) {
        const pq = data[p]! >> 4;
        const tq = data[p]! & 15;
        const q = new Uint16Array(64);
        for (let i = 0; i < 64; i++) q[zigzag[i]!] = pq ? u16(p + 1 + 2 * i) : data[p + 1 + i]!;
        quant[tq & 3] = q;
        p += 1 + 64 * (pq ? 2 : 1);
      }
    } else if (marker === 0xc4) {
      for (let p = seg; p < end;) {
        const tc = data[p]! >> 4;
        const th = data[p]! & 15;
        const counts = data.subarray(p + 1, p + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        if (p + 17 + total > end) fail('DICOM_DECODE', 'Huffman table runs past its segment');
        const table = buildHuffTable(counts, data.slice(p + 17, p + 17 + total));
        (tc === 0 ? dc : ac)[th & 3] = table;
        p += 17 + total;
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      const precision = data[seg]!;
      if (precision !== 8 && precision !== 12) fail('DICOM_DECODE', `precision ${precision}`);
      const nf = data[seg + 5]!;
      if (nf !== 1) fail('DICOM_UNSUPPORTED_SYNTAX', `with ${nf} components (Hilum's sequential decoder handles one)`);
      frame = { precision: precision as 8 | 12, height: u16(seg + 1), width: u16(seg + 3), tq: data[seg + 8]! & 3 };
      if (frame.height === 0 || frame.width === 0) fail('DICOM_UNSUPPORTED_SYNTAX', 'with zero height (DNL) or width');
    } else if ((marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7) {
      fail('DICOM_UNSUPPORTED_SYNTAX', `SOF 0x${marker.toString(16)} (only sequential Huffman SOF0/SOF1 are decoded here)`);
    } else if (marker === 0xdd) {
      restartInterval = u16(seg);
    } else if (marker === 0xda) {
      if (!frame) fail('DICOM_DECODE', 'scan before frame header');
      const f = frame!;
      const td = data[seg + 2]! >> 4;
      const ta = data[seg + 2]! & 15;
      const q = quant[f.tq];
      const dct = dc[td & 3];
      const act = ac[ta & 3];
      if (!q || !dct || !act) fail('DICOM_DECODE', 'scan refers to a missing quantisation or Huffman table');
      return decodeScan(new BitReader(data, end), f, q!, dct!, act!, restartInterval, fail);
    } else if (marker === 0xd9) break;
    pos = end;
  }
  return fail('DICOM_DECODE', 'no scan found');
}

function decodeScan(
  reader: BitReader,
  f: { precision: 8 | 12; width: number; height: number },
  q: Uint16Array,
  dc: HuffTable,
  ac: HuffTable,
  restartInterval: number,
  fail: (code: 'DICOM_DECODE', reason: string) => never,
): SequentialJpegResult {
  const bw = Math.ceil(f.width / 8);
  const bh = Math.ceil(f.height / 8);
  const stride = bw * 8;
  const full = new Uint16Array(stride * bh * 8);
  const coef = new Int32Array(64);
  const ws = new Float64Array(64);
  const tmp = new Float64Array(8);
  let pred = 0;
  let sinceRestart = 0;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      if (restartInterval > 0 && sinceRestart === restartInterval) {
        if (!reader.restart()) fail('DICOM_DECODE', 'restart marker missing');
        pred = 0;
        sinceRestart = 0;
      }
      sinceRestart++;
      coef.fill(0);
      const t = decodeHuffman(reader, dc);
      if (t < 0 || t > 16) fail('DICOM_DECODE', 'invalid DC Huffman code');
      pred += extend(reader.receive(t), t);
      coef[0] = pred;
      for (let k = 1; k < 64;) {
        const rs = decodeHuffman(reader, ac);
        if (rs < 0) fail('DICOM_DECODE', 'invalid AC Huffman code');
        const r = rs >> 4;
        const s = rs & 15;
        if (s === 0) {
          if (r !== 15) break;
          k += 16;
          continue;
        }
        k += r;
        if (k > 63) fail('DICOM_DECODE', 'AC coefficient index past 63');
        coef[zigzag[k]!] = extend(reader.receive(s), s);
        k++;
      }
      idctIslow(coef, q, f.precision, full, by * 8 * stride + bx * 8, stride, ws, tmp);
    }
  }
  const samples = new Uint16Array(f.width * f.height);
  for (let y = 0; y < f.height; y++) samples.set(full.subarray(y * stride, y * stride + f.width), y * f.width);
  return { width: f.width, height: f.height, precision: f.precision, samples };
}
