/** Encodes an OnnxModel as ONNX ModelProto bytes (field numbers from onnx/onnx.proto3). */
import { bug } from '../../src-core/errors';
import { ProtoWriter } from './protobuf/ProtoWriter';
import type { OnnxAttribute, OnnxElemType, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnxTypes';

// TensorProto.DataType
const DATA_TYPE: Record<OnnxElemType, number> = { float32: 1, int64: 7 };
// AttributeProto.AttributeType
const ATTR_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const;

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function encodeTensor(t: OnnxTensor): ProtoWriter {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count !== t.data.length)
    throw bug(`initializer ${t.name}: dims [${t.dims.join(',')}] hold ${count} values, data has ${t.data.length}`);
  if (!hostIsLittleEndian) throw bug('ONNX raw_data is little-endian; big-endian hosts are not supported');
  const w = new ProtoWriter();
  w.packedInt64(1, t.dims); // dims
  w.int64(2, DATA_TYPE[t.elemType]); // data_type
  w.string(8, t.name); // name
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)); // raw_data
  return w;
}

function encodeAttribute(a: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter();
  w.string(1, a.name);
  w.int64(20, ATTR_TYPE[a.kind]); // type
  switch (a.kind) {
    case 'float':
      w.float32(2, a.value);
      break;
    case 'int':
      w.int64(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'floats':
      w.packedFloat32(7, a.value);
      break;
    case 'ints':
      w.packedInt64(8, a.value);
      break;
  }
  return w;
}

function encodeNode(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes) w.message(5, encodeAttribute(a));
  return w;
}

function encodeValueInfo(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number')
      dim.int64(1, d); // dim_value
    else dim.string(2, d); // dim_param
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int64(1, DATA_TYPE[v.elemType]).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType); // TypeProto.tensor_type
  return new ProtoWriter().string(1, v.name).message(2, type);
}

function encodeGraph(g: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t));
  for (const i of g.inputs) w.message(11, encodeValueInfo(i));
  for (const o of g.outputs) w.message(12, encodeValueInfo(o));
  return w;
}

export function encodeOnnxModel(m: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int64(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  w.string(6, m.docString);
  w.message(7, encodeGraph(m.graph));
  // Default (ai.onnx) domain is the empty string, so only the version is written.
  w.message(8, new ProtoWriter().string(1, '').int64(2, m.opsetVersion));
  for (const [key, value] of Object.entries(m.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    w.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return w.finish();
}
