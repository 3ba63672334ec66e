/** Attention rollout (Abnar & Zuidema 2020): multiply head-averaged attention with the residual added, read the class token's row over the patches. */
import { HilumError } from '../../src-core/errors';

/**
 * `attention` is the graph's output [depth, batch, T, T] (each block's head-averaged softmax attention).
 * Per block Â = 0.5·A + 0.5·I, rows renormalised; R = Â_depth ··· Â_1; saliency = R[cls, patches] as a grid×grid map scaled to max 1.
 */
export function attentionRollout(attention: Float32Array, dims: readonly number[], index: number): { grid: number; map: Float32Array } {
  const [depth, batch, T] = dims as [number, number, number];
  if (dims.length !== 4 || dims[2] !== dims[3] || index < 0 || index >= batch)
    throw new HilumError('INVALID_ARGUMENT', `attention dims [${dims.join(',')}] / index ${index} do not fit`, {});
  const grid = Math.round(Math.sqrt(T - 1));
  if (grid * grid !== T - 1) throw new HilumError('INVALID_ARGUMENT', `attention has ${T} tokens: not 1 + a square number of patches`, {});
  // Only the class token's row of R is needed: r ← r · Â_l for l = depth … 1 (a row vector times matrices).
  let row = new Float64Array(T);
  row[0] = 1;
  for (let l = depth - 1; l >= 0; l--) {
    const base = (l * batch + index) * T * T;
    const next = new Float64Array(T);
    for (let i = 0; i < T; i++) {
      const ri = row[i]!;
      if (ri === 0) continue;
      // Row i of Â: 0.5·A[i,:] + 0.5·e_i; rows of A sum to 1, so Â's rows already sum to 1.
      for (let j = 0; j < T; j++) next[j]! += ri * 0.5 * attention[base + i * T + j]!;
      next[i]! += ri * 0.5;
    }
    row = next;
  }
  const map = new Float32Array(T - 1);
  let max = 0;
  for (let j = 1; j < T; j++) max = Math.max(max, row[j]!);
  for (let j = 1; j < T; j++) map[j - 1] = max > 0 ? row[j]! / max : 0;
  return { grid, map };
}
