/**
 * Hand-built JPEG streams for the paths the DCMTK-made variants do not reach: restart intervals
 * (DC prediction reset at RSTn), 16-bit quantisation tables, and refused stream kinds.
 * Real-file agreement with dcmdjpeg is tested in transferSyntaxVariants / realFiles.
 */
import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { decodeJpegSequential } from '../../../src-worker/dicom/codecs/decodeJpegSequential';

/**
 * A 16×8 one-component image of two 8×8 blocks. DC table: '00' → category 0, '01' → category 1;
 * AC table: '0' → EOB. Each block codes DC diff +1 ("01" + "1") then EOB ("0"). Quantisation is 8 everywhere, so a DC coefficient d gives samples centre + d.
 */
function buildJpeg(precision: 8 | 12, restart: boolean, sof = precision === 8 ? 0xc0 : 0xc1): Uint8Array {
  const bytes: number[] = [0xff, 0xd8];
  const seg = (marker: number, body: number[]): void => {
    bytes.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  };
  const q16 = precision === 12;
  seg(0xdb, [q16 ? 0x10 : 0x00, ...Array.from({ length: 64 }, () => (q16 ? [0, 8] : [8])).flat()]);
  seg(sof, [precision, 0, 8, 0, 16, 1, 1, 0x11, 0]);
  seg(0xc4, [0x00, 0, 2, ...new Array<number>(14).fill(0), 0, 1]);
  seg(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0]);
  if (restart) seg(0xdd, [0, 1]);
  seg(0xda, [1, 1, 0x00, 0, 63, 0]);
  // With restarts each block's bits are padded to a byte; without, they run on: "0110" "0110".
  if (restart) bytes.push(0x6f, 0xff, 0xd0, 0x6f);
  else bytes.push(0x66);
  bytes.push(0xff, 0xd9);
  return Uint8Array.from(bytes);
}

describe('decodeJpegSequential', () => {
  it('accumulates DC predictions across blocks without restarts', () => {
    const r = decodeJpegSequential(buildJpeg(8, false), 't');
    expect([r.width, r.height, r.precision]).toEqual([16, 8, 8]);
    expect(r.samples[0]).toBe(129);
    expect(r.samples[8]).toBe(130);
  });

  it('resets the DC prediction at each restart marker (8- and 12-bit, 8- and 16-bit quantisation)', () => {
    const r8 = decodeJpegSequential(buildJpeg(8, true), 't');
    expect(new Set(r8.samples)).toEqual(new Set([129]));
    const r12 = decodeJpegSequential(buildJpeg(12, true), 't');
    expect(r12.precision).toBe(12);
    expect(new Set(r12.samples)).toEqual(new Set([2049]));
  });

  it('refuses progressive streams and reports missing tables and markers as typed errors', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return e instanceof HilumError ? e.code : 'untyped';
      }
    };
    expect(code(() => decodeJpegSequential(buildJpeg(8, false, 0xc2), 't'))).toBe('DICOM_UNSUPPORTED_SYNTAX');
    const noTables = buildJpeg(8, false).filter((_, i) => i < 2);
    expect(code(() => decodeJpegSequential(noTables, 't'))).toBe('DICOM_DECODE');
    const brokenRestart = buildJpeg(8, true);
    brokenRestart[brokenRestart.length - 4] = 0xd5; // RST5 where RST0 is due is still a restart marker: accepted as IJG does
    expect(code(() => decodeJpegSequential(brokenRestart, 't'))).toBe('ok');
  });
});
