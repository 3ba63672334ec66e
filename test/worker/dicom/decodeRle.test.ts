import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { decodeRle } from '../../../src-worker/dicom/codecs/decodeRle';

function frame(segments: number[][]): Uint8Array {
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((s, i) => {
    view.setUint32(4 + 4 * i, offset, true);
    offset += s.length;
  });
  return Uint8Array.from([...header, ...segments.flat()]);
}

describe('decodeRle (PS3.5 Annex G)', () => {
  it('decodes literal and replicate runs, MSB segment first for 16-bit', () => {
    // 2×2 pixels, 16 bit: high bytes [1,1,1,2], low bytes [0x10,0x20,0x30,0x40]
    const hi = [-2 & 0xff, 1, 0, 2]; // replicate 1 ×(1-(-2)) = 3, then literal [2]
    const lo = [3, 0x10, 0x20, 0x30, 0x40];
    const out = decodeRle(frame([hi, lo]), { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16 }, 'f');
    expect(Array.from(out)).toEqual([0x0110, 0x0120, 0x0130, 0x0240]);
  });
  it('rejects a segment count that does not match the image, and short segments', () => {
    expect(() => decodeRle(frame([[3, 1, 2, 3, 4]]), { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16 }, 'f')).toThrow(
      HilumError,
    );
    expect(() => decodeRle(frame([[1, 1, 2]]), { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 8 }, 'f')).toThrow(
      /decoded to 2 bytes/,
    );
  });
});
