/**
 * Forward pieces that keep what their backward needs, and the backward pieces, as ONNX nodes (opset 17) on
 * row matrices [rows, features]: linear (Gemm), LayerNorm (LayerNormalization with its Mean and InvStdDev
 * outputs), exact GELU, and sums over rows. The gradients are the closed forms of each op; the training graph
 * (buildVitTrainGraph.ts) chains them in reverse. Weights are in tfjs's internal layout ([in, out]), so a
 * weight gradient xᵀ·dy comes out in the layout the optimiser holds.
 */
import type { GraphBuilder } from '../GraphBuilder';

export interface GradOps {
  b: GraphBuilder;
  /** scalar constants shared by the graph */
  k: { half: string; one: string; invSqrt2: string; invSqrt2Pi: string; minusHalf: string; axis0: string; axisLast: string };
}

export function gradOps(b: GraphBuilder): GradOps {
  return {
    b,
    k: {
      half: b.scalar('c_half', 0.5),
      one: b.scalar('c_one', 1),
      invSqrt2: b.scalar('c_inv_sqrt2', Math.SQRT1_2),
      invSqrt2Pi: b.scalar('c_inv_sqrt_2pi', 1 / Math.sqrt(2 * Math.PI)),
      minusHalf: b.scalar('c_minus_half', -0.5),
      axis0: b.int64Const('c_axis0', [0]),
      axisLast: b.int64Const('c_axis_last', [-1]),
    },
  };
}

/** Σ over rows (axis 0) → [features]. */
export function sumRows(g: GradOps, x: string, hint: string): string {
  return g.b.op('ReduceSum', [x, g.k.axis0], hint, [{ name: 'keepdims', kind: 'int', value: 0 }]);
}

/** Mean over the last axis, kept: [rows, 1]. */
function meanLast(g: GradOps, x: string, hint: string): string {
  return g.b.op('ReduceMean', [x], hint, [
    { name: 'axes', kind: 'ints', value: [-1] },
    { name: 'keepdims', kind: 'int', value: 1 },
  ]);
}

/** y = x·W + bias for x [rows, in], W [in, out]. */
export function linearForward(g: GradOps, x: string, w: string, bias: string, hint: string): string {
  return g.b.op('Gemm', [x, w, bias], hint);
}

/** Gradients of y = x·W + bias: dW = xᵀ·dy, dbias = Σ_rows dy, dx = dy·Wᵀ (dx skipped when `needDx` is false). */
export function linearBackward(
  g: GradOps,
  x: string,
  w: string,
  dy: string,
  hint: string,
  needDx = true,
): { dx: string; dw: string; dbias: string } {
  const dw = g.b.op('Gemm', [x, dy], `${hint}.dw`, [{ name: 'transA', kind: 'int', value: 1 }]);
  const dbias = sumRows(g, dy, `${hint}.dbias`);
  const dx = needDx ? g.b.op('Gemm', [dy, w], `${hint}.dx`, [{ name: 'transB', kind: 'int', value: 1 }]) : '';
  return { dx, dw, dbias };
}

export interface LayerNormSaved {
  x: string;
  y: string;
  mean: string;
  invStd: string;
  gamma: string;
}

export function layerNormForward(g: GradOps, x: string, gamma: string, beta: string, eps: number, hint: string): LayerNormSaved {
  const outs = [g.b.name(hint), g.b.name(`${hint}.mean`), g.b.name(`${hint}.inv_std`)];
  g.b.op(
    'LayerNormalization',
    [x, gamma, beta],
    hint,
    [
      { name: 'axis', kind: 'int', value: -1 },
      { name: 'epsilon', kind: 'float', value: eps },
    ],
    outs,
  );
  return { x, y: outs[0]!, mean: outs[1]!, invStd: outs[2]!, gamma };
}

/**
 * LayerNorm backward with x̂ = (x − μ)·r: dγ = Σ_rows dy·x̂, dβ = Σ_rows dy, and
 * dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ.
 */
export function layerNormBackward(g: GradOps, s: LayerNormSaved, dy: string, hint: string): { dx: string; dgamma: string; dbeta: string } {
  const { b } = g;
  const xhat = b.op('Mul', [b.op('Sub', [s.x, s.mean], `${hint}.xc`), s.invStd], `${hint}.xhat`);
  const dgamma = sumRows(g, b.op('Mul', [dy, xhat], `${hint}.dy_xhat`), `${hint}.dgamma`);
  const dbeta = sumRows(g, dy, `${hint}.dbeta`);
  const dxhat = b.op('Mul', [dy, s.gamma], `${hint}.dxhat`);
  const m1 = meanLast(g, dxhat, `${hint}.m1`);
  const m2 = meanLast(g, b.op('Mul', [dxhat, xhat], `${hint}.dxhat_xhat`), `${hint}.m2`);
  const inner = b.op('Sub', [b.op('Sub', [dxhat, m1], `${hint}.c1`), b.op('Mul', [xhat, m2], `${hint}.c2`)], `${hint}.inner`);
  return { dx: b.op('Mul', [inner, s.invStd], `${hint}.dx`), dgamma, dbeta };
}

export interface GeluSaved {
  u: string;
  /** 1 + erf(u/√2) */
  onePlusErf: string;
  y: string;
}

/** Exact GELU: y = ½·u·(1 + erf(u/√2)). */
export function geluForward(g: GradOps, u: string, hint: string): GeluSaved {
  const { b, k } = g;
  const onePlusErf = b.op('Add', [b.op('Erf', [b.op('Mul', [u, k.invSqrt2], `${hint}.scaled`)], `${hint}.erf`), k.one], `${hint}.1p`);
  const y = b.op('Mul', [b.op('Mul', [u, k.half], `${hint}.half_u`), onePlusErf], hint);
  return { u, onePlusErf, y };
}

/** dGELU/du = ½·(1 + erf(u/√2)) + u·φ(u), φ the standard normal density. */
export function geluBackward(g: GradOps, s: GeluSaved, dy: string, hint: string): string {
  const { b, k } = g;
  const phi = b.op(
    'Mul',
    [b.op('Exp', [b.op('Mul', [b.op('Mul', [s.u, s.u], `${hint}.u2`), k.minusHalf], `${hint}.e`)], `${hint}.exp`), k.invSqrt2Pi],
    `${hint}.phi`,
  );
  const slope = b.op(
    'Add',
    [b.op('Mul', [s.onePlusErf, k.half], `${hint}.cdf`), b.op('Mul', [s.u, phi], `${hint}.u_phi`)],
    `${hint}.slope`,
  );
  return b.op('Mul', [dy, slope], `${hint}.du`);
}

export function transpose(g: GradOps, x: string, perm: number[], hint: string): string {
  return g.b.op('Transpose', [x], hint, [{ name: 'perm', kind: 'ints', value: perm }]);
}

export function reshape(g: GradOps, x: string, dims: number[], hint: string): string {
  return g.b.op('Reshape', [x, g.b.int64Const(`${hint}.shape`, dims)], hint);
}

/** x[:, start:end] along axis 1. */
export function sliceAxis1(g: GradOps, x: string, start: number, end: number, hint: string): string {
  const { b } = g;
  return b.op(
    'Slice',
    [x, b.int64Const(`${hint}.start`, [start]), b.int64Const(`${hint}.end`, [end]), b.int64Const(`${hint}.axis`, [1])],
    hint,
  );
}

/** Pixels [B, 1, S, S] → patch rows [B·N, P·P] in VitModel.embedPatches's order (row-major grid, row-major patch). */
export function patchRows(g: GradOps, pixels: string, imageSize: number, patchSize: number): string {
  const grid = imageSize / patchSize;
  const P = patchSize;
  return reshape(
    g,
    transpose(g, reshape(g, pixels, [-1, grid, P, grid, P], 'patch_grid'), [0, 1, 3, 2, 4], 'patch_perm'),
    [-1, P * P],
    'patches',
  );
}
