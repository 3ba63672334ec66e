// safetensors reader/writer: round trip, half/bfloat16 decoding, metadata, typed errors on broken files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bf16ToFloat, halfToFloat } from '../../../src-core/safetensors/halfToFloat';
import { parseSafetensors, serializeSafetensors } from '../../../src-core/safetensors';
import { HilumError } from '../../../src-core/errors';
import { repoRoot } from '../../helpers/paths';

describe('safetensors', () => {
  it('round-trips F32 tensors and metadata, 8-byte aligned', () => {
    const a = { shape: [2, 3], data: new Float32Array([1, -2, 3.5, 1e-30, -0, 7]) };
    const b = { shape: [1], data: new Float32Array([42]) };
    const bytes = serializeSafetensors({ b, a }, { made_by: 'test' });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLen % 8).toBe(0);
    const f = parseSafetensors(bytes);
    expect(f.metadata).toEqual({ made_by: 'test' });
    expect([...f.tensors.keys()]).toEqual(['a', 'b']);
    expect(f.tensors.get('a')!.shape).toEqual([2, 3]);
    expect([...f.tensors.get('a')!.data]).toEqual([...a.data]);
    expect(f.tensors.get('b')!.dtype).toBe('F32');
  });

  it('decodes half and bfloat16 bit patterns', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x0001)).toBeCloseTo(5.960464477539063e-8, 15);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    const dv = new DataView(new ArrayBuffer(4));
    expect(bf16ToFloat(0x3f80, dv)).toBe(1);
    expect(bf16ToFloat(0xc049, dv)).toBeCloseTo(-3.140625, 6);
  });

  it('reads the F16 file written by the PyTorch fixture script', () => {
    const f = parseSafetensors(readFileSync(path.join(repoRoot, 'test/fixtures/model/tv_micro_f16.safetensors')));
    expect(f.tensors.get('conv_proj.weight')!.dtype).toBe('F16');
    expect(f.tensors.get('conv_proj.weight')!.shape).toEqual([32, 1, 8, 8]);
    expect(f.metadata.layout).toBe('torchvision');
  });

  it('throws MODEL_WEIGHTS naming the file for truncated or corrupt input', () => {
    const good = serializeSafetensors({ a: { shape: [4], data: new Float32Array(4) } });
    const cases: Uint8Array[] = [
      new Uint8Array(3),
      good.subarray(0, good.length - 4),
      (() => {
        const b = good.slice();
        b[9] = 0x7b; // break JSON
        b[10] = 0x7b;
        return b;
      })(),
    ];
    for (const c of cases) {
      try {
        parseSafetensors(c, 'w.safetensors');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(HilumError);
        expect((e as HilumError).code).toBe('MODEL_WEIGHTS');
        expect((e as HilumError).message).toContain('w.safetensors');
      }
    }
  });

  it('rejects unsupported dtypes', () => {
    const h = new TextEncoder().encode(JSON.stringify({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }));
    const b = new Uint8Array(8 + h.length + 8);
    new DataView(b.buffer).setBigUint64(0, BigInt(h.length), true);
    b.set(h, 8);
    expect(() => parseSafetensors(b, 'f')).toThrow(/I64/);
  });
});
