// Wire-format checks for the protobuf writer against bytes from the protobuf encoding spec.
import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../../src-worker/onnx/protobuf/ProtoWriter';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ProtoWriter', () => {
  it('encodes varints as the protobuf spec examples (150 → 08 96 01, 300 → ac 02)', () => {
    expect(hex(new ProtoWriter().int64(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().int64(2, 300).finish())).toBe('10ac02');
  });
  it("encodes negative int64 as ten-byte two's complement", () => {
    expect(hex(new ProtoWriter().int64(1, -1).finish())).toBe('08ffffffffffffffffff01');
  });
  it('encodes strings, floats, packed ints and nested messages with length prefixes', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().float32(2, 1).finish())).toBe('150000803f');
    expect(hex(new ProtoWriter().packedInt64(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
    const inner = new ProtoWriter().int64(1, 150);
    expect(hex(new ProtoWriter().message(3, inner).finish())).toBe('1a03089601');
  });
});
