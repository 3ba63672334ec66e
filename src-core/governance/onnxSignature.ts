/**
 * Reads an ONNX model's graph inputs and outputs (names, shapes) straight from its protobuf bytes,
 * without running it: ModelProto.graph (7) → GraphProto.input (11) / output (12) → ValueInfoProto
 * name (1), type (2) → TypeProto.tensor_type (1) → shape (2) → dim (1): dim_value (1) or
 * dim_param (2). Everything else (initializers, nodes) is skipped by its length prefix.
 */
import { HilumError } from '../errors';

export interface OnnxTensorSignature {
  name: string;
  /** A number for a fixed dimension, a string for a named (dynamic) one, null when unspecified. */
  shape: Array<number | string | null>;
}

export interface OnnxSignature {
  inputs: OnnxTensorSignature[];
  outputs: OnnxTensorSignature[];
}

interface Field {
  field: number;
  wire: number;
  value: number | Uint8Array;
}

function* fields(bytes: Uint8Array): Generator<Field> {
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) throw new HilumError('CONFIG_INVALID', 'model.onnx: truncated protobuf varint', {});
      const b = bytes[at++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  };
  while (at < bytes.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 1) {
      at += 8;
    } else if (wire === 5) {
      at += 4;
    } else if (wire === 2) {
      const length = varint();
      if (at + length > bytes.length)
        throw new HilumError('CONFIG_INVALID', 'model.onnx: a protobuf field runs past the end of the file', {});
      yield { field, wire, value: bytes.subarray(at, at + length) };
      at += length;
    } else throw new HilumError('CONFIG_INVALID', `model.onnx: unsupported protobuf wire type ${wire}`, {});
  }
}

const sub = (bytes: Uint8Array, field: number): Uint8Array[] =>
  [...fields(bytes)].filter((f) => f.field === field && f.wire === 2).map((f) => f.value as Uint8Array);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function tensor(valueInfo: Uint8Array): OnnxTensorSignature {
  const name = sub(valueInfo, 1)[0];
  const shape: Array<number | string | null> = [];
  for (const type of sub(valueInfo, 2))
    for (const t of sub(type, 1))
      for (const s of sub(t, 2))
        for (const dim of sub(s, 1)) {
          const f = [...fields(dim)][0];
          shape.push(
            f === undefined
              ? null
              : f.field === 1 && f.wire === 0
                ? (f.value as number)
                : f.field === 2
                  ? text(f.value as Uint8Array)
                  : null,
          );
        }
  return { name: name ? text(name) : '', shape };
}

export function readOnnxSignature(model: Uint8Array): OnnxSignature {
  const graph = sub(model, 7)[0];
  if (!graph) throw new HilumError('CONFIG_INVALID', 'model.onnx: no graph in the ONNX model', {});
  // Graph inputs may also list initializers (older exporters); the caller matches by name.
  return { inputs: sub(graph, 11).map(tensor), outputs: sub(graph, 12).map(tensor) };
}
