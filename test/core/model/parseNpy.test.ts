// .npy reader: header parsing (v1), dtypes, and typed errors naming the file.
import { describe, expect, it } from 'vitest';
import { parseNpy } from '../../../src-core/model/parseNpy';

function npy(descr: string, shape: string, body: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}

describe('parseNpy', () => {
  it('reads float32, float64 and uint8 arrays', () => {
    const f4 = parseNpy(npy('<f4', '(2, 3)', new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5.5]).buffer)));
    expect(f4.shape).toEqual([2, 3]);
    expect([...f4.data]).toEqual([0, 1, 2, 3, 4, 5.5]);
    expect([...parseNpy(npy('<f8', '(2,)', new Uint8Array(new Float64Array([0.25, -1]).buffer))).data]).toEqual([0.25, -1]);
    expect([...parseNpy(npy('|u1', '(3,)', new Uint8Array([0, 7, 255]))).data]).toEqual([0, 7, 255]);
  });

  it('rejects other dtypes, short data and non-npy bytes with DATASET_FORMAT naming the file', () => {
    expect(() => parseNpy(npy('<i8', '(1,)', new Uint8Array(8)), 'a.npy')).toThrow(/a\.npy: .*dtype <i8/);
    expect(() => parseNpy(npy('<f4', '(4,)', new Uint8Array(8)), 'b.npy')).toThrow(/b\.npy: .*shorter/);
    expect(() => parseNpy(new Uint8Array(20), 'c.npy')).toThrow(/c\.npy: .*magic/);
  });
});
