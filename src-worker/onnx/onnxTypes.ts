/** Plain-data description of an ONNX model (the subset Hilum emits): tensors, nodes, value infos, graph, model. */

export type OnnxElemType = 'float32' | 'int64';

export interface OnnxTensor {
  name: string;
  elemType: OnnxElemType;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export type OnnxAttribute =
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'ints'; value: number[] }
  | { name: string; kind: 'float'; value: number }
  | { name: string; kind: 'floats'; value: number[] }
  | { name: string; kind: 'string'; value: string };

export interface OnnxNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
}

/** A graph input/output: a fixed size is a number, a symbolic (dynamic) one a string such as "batch". */
export interface OnnxValueInfo {
  name: string;
  elemType: OnnxElemType;
  shape: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: OnnxGraph;
  metadata: Record<string, string>;
}
