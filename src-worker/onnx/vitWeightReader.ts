/** Looks up canonical (timm-named, PyTorch-layout) ViT weights by name and checks their shapes. */
import { HilumError } from '../../src-core/errors';
import type { NamedTensor } from '../../src-core/safetensors';

export type VitWeights = Map<string, NamedTensor> | Record<string, NamedTensor>;

export function vitWeightReader(weights: VitWeights, source = '<weights>'): (name: string, shape: number[]) => Float32Array {
  const get = (name: string): NamedTensor | undefined => (weights instanceof Map ? weights.get(name) : weights[name]);
  return (name, shape) => {
    const t = get(name);
    if (!t) throw new HilumError('MODEL_WEIGHTS', `${source}: missing weight ${name}`, { file: source, tensor: name });
    const same = t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
    if (!same) {
      throw new HilumError('MODEL_WEIGHTS', `${source}: weight ${name} has shape [${t.shape.join(',')}], expected [${shape.join(',')}]`, {
        file: source,
        tensor: name,
        shape: t.shape,
        expected: shape,
      });
    }
    return t.data;
  };
}

/** [rows, cols] row-major → [cols, rows]: PyTorch Linear weights are [out, in]; ONNX MatMul wants [in, out]. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}
