/** Parses a safetensors file from bytes: u64 LE header length, JSON header, little-endian tensor data. */
import { HilumError } from '../errors';
import { bf16ToFloat, halfToFloat } from './halfToFloat';
import type { SafetensorsDtype, SafetensorsFile } from './types';

const bytesPer: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };
// A header larger than this is not a model we make or import; guards against reading garbage as a length.
const MAX_HEADER = 100 * 1024 * 1024;

export function parseSafetensors(bytes: Uint8Array, file = '<memory>'): SafetensorsFile {
  const fail = (reason: string, extra: Record<string, unknown> = {}): never => {
    throw new HilumError('MODEL_WEIGHTS', `${file}: not a valid safetensors file: ${reason}`, { file, reason, ...extra });
  };
  if (bytes.byteLength < 8) fail('shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER || 8 + headerLen > bytes.byteLength)
    fail(`header length ${headerLen} exceeds the file size ${bytes.byteLength}`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen))) as Record<string, unknown>;
  } catch (e) {
    return fail(`header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsFile['tensors'] = new Map();
  const scratch = new DataView(new ArrayBuffer(4));
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((entry ?? {}) as Record<string, unknown>)) metadata[k] = String(v);
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = e.dtype as SafetensorsDtype;
    if (!(typeof dtype === 'string' && dtype in bytesPer))
      fail(`tensor ${name} has dtype ${String(e.dtype)} (readable: F32, F16, BF16)`, { tensor: name });
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
      fail(`tensor ${name} has a bad shape`, { tensor: name });
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isInteger(o) && o >= 0))
      fail(`tensor ${name} has bad data_offsets`, { tensor: name });
    const [begin, end] = offs as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLen || end - begin !== count * bytesPer[dtype]) {
      fail(`tensor ${name} offsets [${begin}, ${end}] do not match its shape and dtype or the file size`, { tensor: name });
    }
    const data = new Float32Array(count);
    const at = dataStart + begin;
    if (dtype === 'F32') for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, true);
    else if (dtype === 'F16') for (let i = 0; i < count; i++) data[i] = halfToFloat(view.getUint16(at + 2 * i, true));
    else for (let i = 0; i < count; i++) data[i] = bf16ToFloat(view.getUint16(at + 2 * i, true), scratch);
    tensors.set(name, { dtype, shape: shape as number[], data });
  }
  return { tensors, metadata };
}
