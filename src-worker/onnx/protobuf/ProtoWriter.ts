/** A minimal protocol-buffers wire-format writer: varints, length-delimited fields, nested messages without copying payloads. */
import { bug } from '../../../src-core/errors';

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LEN = 2;

const textEncoder = new TextEncoder();

/**
 * Collects encoded chunks. Nested messages are written bottom-up: a child writer's chunks are
 * appended after its length prefix, so large tensor payloads (hundreds of MB) are copied once, at `finish()`.
 */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  private push(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.parts.push(bytes);
    this.size += bytes.byteLength;
  }

  /** Unsigned or signed 64-bit varint; negatives are two's complement over 64 bits (10 bytes), as protobuf int64 requires. */
  private varint(value: number | bigint): void {
    let v = typeof value === 'bigint' ? value : BigInt(value);
    if (typeof value === 'number' && !Number.isInteger(value)) throw bug(`varint of non-integer ${value}`);
    if (v < 0n) v = BigInt.asUintN(64, v);
    const out: number[] = [];
    while (v > 0x7fn) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int64(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  float32(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.varint(value.byteLength);
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** Packed repeated int64 (proto3 default packing for scalar repeated fields). */
  packedInt64(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.message(field, inner);
  }

  /** Packed repeated float (fixed32 each). */
  packedFloat32(field: number, values: readonly number[]): this {
    const b = new Uint8Array(4 * values.length);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setFloat32(4 * i, v, true));
    return this.bytes(field, b);
  }

  message(field: number, child: ProtoWriter): this {
    this.tag(field, WIRE_LEN);
    this.varint(child.size);
    for (const p of child.parts) this.push(p);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}
