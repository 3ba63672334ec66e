/** Accumulates ONNX nodes and initializers with unique value names; a small DSL for the ops the ViT graph uses. */
import type { OnnxAttribute, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnxTypes';

export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();
  private counter = 0;
  /** Prepended to node names (not value names) from now on: marks a part of the graph for profiles. */
  nodePrefix = '';

  /** A fresh value name derived from `hint` (names are unique across the graph). */
  name(hint: string): string {
    let n = hint;
    while (this.used.has(n)) n = `${hint}_${++this.counter}`;
    this.used.add(n);
    return n;
  }

  floatConst(hint: string, dims: number[], data: Float32Array): string {
    const name = this.name(hint);
    this.initializers.push({ name, elemType: 'float32', dims, data });
    return name;
  }

  scalar(hint: string, value: number): string {
    return this.floatConst(hint, [], Float32Array.of(value));
  }

  int64Const(hint: string, values: number[]): string {
    const name = this.name(hint);
    this.initializers.push({ name, elemType: 'int64', dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  }

  /** A 0-d int64 scalar (Gather with a scalar index drops the gathered axis). */
  int64Scalar(hint: string, value: number): string {
    const name = this.name(hint);
    this.initializers.push({ name, elemType: 'int64', dims: [], data: BigInt64Array.of(BigInt(value)) });
    return name;
  }

  /** Adds a node; returns its first output name (pass `outputs` to name them yourself). */
  op(opType: string, inputs: string[], hint: string, attributes: OnnxAttribute[] = [], outputs?: string[]): string {
    const outs = outputs ?? [this.name(hint)];
    this.nodes.push({ opType, name: this.name(`${this.nodePrefix}${hint}/${opType}`), inputs, outputs: outs, attributes });
    return outs[0]!;
  }

  build(name: string, inputs: OnnxValueInfo[], outputs: OnnxValueInfo[]): OnnxGraph {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }
}
