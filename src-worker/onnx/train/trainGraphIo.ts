/**
 * The inputs and outputs every training graph shares: one float input per parameter (the optimiser's flat
 * order, tfjs-internal shapes) and, as outputs, the scalar `loss` then `grad:<name>` for every parameter.
 */
import type { GraphBuilder } from '../GraphBuilder';
import type { OnnxValueInfo } from '../onnxTypes';

export interface TrainParam {
  name: string;
  shape: number[];
}

export const LOSS_OUTPUT = 'loss';

export function gradOutputName(param: string): string {
  return `grad:${param}`;
}

/** Declares the parameter inputs (call before any other node is named, so the names stay as given). */
export function parameterInputs(b: GraphBuilder, params: TrainParam[]): { inputs: OnnxValueInfo[]; W: (name: string) => string } {
  const names = new Set<string>();
  for (const p of params) {
    if (b.name(p.name) !== p.name) throw new Error(`training graph: parameter name ${p.name} collides`);
    names.add(p.name);
  }
  return {
    inputs: params.map((p) => ({ name: p.name, elemType: 'float32', shape: p.shape })),
    W: (name) => {
      if (!names.has(name)) throw new Error(`training graph: parameter ${name} is not among the inputs`);
      return name;
    },
  };
}

/** The outputs: `loss`, then each parameter's gradient (every parameter must have one). */
export function lossAndGradOutputs(b: GraphBuilder, params: TrainParam[], loss: string, grads: Map<string, string>): OnnxValueInfo[] {
  b.op('Identity', [loss], 'loss_out', [], [LOSS_OUTPUT]);
  const outputs: OnnxValueInfo[] = [{ name: LOSS_OUTPUT, elemType: 'float32', shape: [] }];
  for (const p of params) {
    const src = grads.get(p.name);
    if (!src) throw new Error(`training graph: no gradient for ${p.name}`);
    b.op('Identity', [src], `grad_out_${p.name}`, [], [gradOutputName(p.name)]);
    outputs.push({ name: gradOutputName(p.name), elemType: 'float32', shape: p.shape });
  }
  return outputs;
}
