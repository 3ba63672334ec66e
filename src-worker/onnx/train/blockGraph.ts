/**
 * A stack of pre-norm transformer blocks (timm's Block: x + attn(norm1(x)), then + mlp(norm2(x)), optional
 * drop-path factors per branch) as ONNX nodes on row matrices [B·T, D], forward with the values its backward
 * needs, and the backward written out: softmax attention over [1, B, H, T, hd] views, exact GELU, LayerNorm and
 * linear gradients from gradGraphOps.ts. Used by the fine-tuning graph (the encoder) and the MAE graph (encoder on
 * the visible tokens, then the decoder).
 */
import {
  geluBackward,
  geluForward,
  type GradOps,
  layerNormBackward,
  layerNormForward,
  type LayerNormSaved,
  linearBackward,
  linearForward,
  reshape,
  transpose,
} from './gradGraphOps';

export interface StackShape {
  /** Tokens per sample. */
  T: number;
  width: number;
  heads: number;
  eps: number;
}

export interface GraphContext {
  ops: GradOps;
  /** A parameter's input name. */
  W: (name: string) => string;
  /** Parameter name → the value holding its gradient, filled by the backward pieces. */
  grads: Map<string, string>;
}

interface BlockSaved {
  prefix: string;
  x0: string;
  ln1: LayerNormSaved;
  q: string;
  k: string;
  v: string;
  attn: string;
  ctx: string;
  ln2: LayerNormSaved;
  gelu: ReturnType<typeof geluForward>;
  keepAttn?: string;
  keepMlp?: string;
}

export interface StackSaved {
  blocks: BlockSaved[];
  shape: StackShape;
  scale: string;
}

const SWAP_LAST = [0, 1, 2, 4, 3];

/** Runs the blocks `prefixes` (e.g. blocks.0 … blocks.11) over rows x; `keep(i, branch)` names a drop-path input. */
export function blocksForward(
  g: GraphContext,
  x: string,
  prefixes: string[],
  s: StackShape,
  keep: (i: number, branch: 'attn' | 'mlp') => string | undefined = () => undefined,
): { out: string; saved: StackSaved } {
  const { b } = g.ops;
  const hd = s.width / s.heads;
  const scale = b.scalar('attn_scale', 1 / Math.sqrt(hd));
  const blocks: BlockSaved[] = [];
  prefixes.forEach((p, i) => {
    const x0 = x;
    const ln1 = layerNormForward(g.ops, x0, g.W(`${p}.norm1.weight`), g.W(`${p}.norm1.bias`), s.eps, `${p}.norm1`);
    const qkvRows = linearForward(g.ops, ln1.y, g.W(`${p}.attn.qkv.weight`), g.W(`${p}.attn.qkv.bias`), `${p}.qkv`);
    const qkv5 = transpose(g.ops, reshape(g.ops, qkvRows, [-1, s.T, 3, s.heads, hd], `${p}.qkv5`), [2, 0, 3, 1, 4], `${p}.qkv_perm`);
    const [q, k, v] = [b.name(`${p}.q`), b.name(`${p}.k`), b.name(`${p}.v`)]; // each [1, B, H, T, hd]
    b.op('Split', [qkv5], `${p}.split`, [{ name: 'axis', kind: 'int', value: 0 }], [q, k, v]);
    const scores = b.op('Mul', [b.op('MatMul', [q, transpose(g.ops, k, SWAP_LAST, `${p}.kT`)], `${p}.qk`), scale], `${p}.scores`);
    const attn = b.op('Softmax', [scores], `${p}.attn`, [{ name: 'axis', kind: 'int', value: -1 }]);
    const ctx5 = transpose(g.ops, b.op('MatMul', [attn, v], `${p}.ctx5`), [1, 3, 0, 2, 4], `${p}.ctx_perm`);
    const ctx = reshape(g.ops, ctx5, [-1, s.width], `${p}.ctx`);
    let a = linearForward(g.ops, ctx, g.W(`${p}.attn.proj.weight`), g.W(`${p}.attn.proj.bias`), `${p}.proj`);
    const keepAttn = keep(i, 'attn');
    if (keepAttn) a = b.op('Mul', [a, keepAttn], `${p}.attn_kept`);
    const x1 = b.op('Add', [x0, a], `${p}.res1`);
    const ln2 = layerNormForward(g.ops, x1, g.W(`${p}.norm2.weight`), g.W(`${p}.norm2.bias`), s.eps, `${p}.norm2`);
    const u = linearForward(g.ops, ln2.y, g.W(`${p}.mlp.fc1.weight`), g.W(`${p}.mlp.fc1.bias`), `${p}.fc1`);
    const gelu = geluForward(g.ops, u, `${p}.gelu`);
    let m = linearForward(g.ops, gelu.y, g.W(`${p}.mlp.fc2.weight`), g.W(`${p}.mlp.fc2.bias`), `${p}.fc2`);
    const keepMlp = keep(i, 'mlp');
    if (keepMlp) m = b.op('Mul', [m, keepMlp], `${p}.mlp_kept`);
    x = b.op('Add', [x1, m], `${p}.res2`);
    blocks.push({ prefix: p, x0, ln1, q, k, v, attn, ctx, ln2, gelu, keepAttn, keepMlp });
  });
  return { out: x, saved: { blocks, shape: s, scale } };
}

/** Backward through the stack, last block first; returns d(input rows) and records every block parameter's gradient. */
export function blocksBackward(g: GraphContext, saved: StackSaved, dOut: string): string {
  const { b } = g.ops;
  const s = saved.shape;
  const hd = s.width / s.heads;
  let dx = dOut;
  for (const blk of [...saved.blocks].reverse()) {
    const p = blk.prefix;
    // MLP branch
    const dm = blk.keepMlp ? b.op('Mul', [dx, blk.keepMlp], `${p}.dm`) : dx;
    const fc2 = linearBackward(g.ops, blk.gelu.y, g.W(`${p}.mlp.fc2.weight`), dm, `${p}.fc2_b`);
    const du = geluBackward(g.ops, blk.gelu, fc2.dx, `${p}.gelu_b`);
    const fc1 = linearBackward(g.ops, blk.ln2.y, g.W(`${p}.mlp.fc1.weight`), du, `${p}.fc1_b`);
    const ln2b = layerNormBackward(g.ops, blk.ln2, fc1.dx, `${p}.norm2_b`);
    const dx1 = b.op('Add', [dx, ln2b.dx], `${p}.dx1`);
    // attention branch
    const da = blk.keepAttn ? b.op('Mul', [dx1, blk.keepAttn], `${p}.da`) : dx1;
    const proj = linearBackward(g.ops, blk.ctx, g.W(`${p}.attn.proj.weight`), da, `${p}.proj_b`);
    const dctx = transpose(g.ops, reshape(g.ops, proj.dx, [-1, s.T, 1, s.heads, hd], `${p}.dctx5`), [2, 0, 3, 1, 4], `${p}.dctx_perm`);
    const dAttn = b.op('MatMul', [dctx, transpose(g.ops, blk.v, SWAP_LAST, `${p}.vT`)], `${p}.dattn`);
    const dv = b.op('MatMul', [transpose(g.ops, blk.attn, SWAP_LAST, `${p}.attnT`), dctx], `${p}.dv`);
    // softmax backward: dS = A·(dA − Σ_j dA·A), then the 1/√hd scale
    const rowDot = b.op('ReduceSum', [b.op('Mul', [dAttn, blk.attn], `${p}.da_a`), g.ops.k.axisLast], `${p}.row_dot`, [
      { name: 'keepdims', kind: 'int', value: 1 },
    ]);
    const dS = b.op('Mul', [b.op('Mul', [b.op('Sub', [dAttn, rowDot], `${p}.da_c`), blk.attn], `${p}.ds_raw`), saved.scale], `${p}.ds`);
    const dq = b.op('MatMul', [dS, blk.k], `${p}.dq`);
    const dk = b.op('MatMul', [transpose(g.ops, dS, SWAP_LAST, `${p}.dsT`), blk.q], `${p}.dk`);
    const dqkv5 = b.op('Concat', [dq, dk, dv], `${p}.dqkv5`, [{ name: 'axis', kind: 'int', value: 0 }]);
    const dqkv = reshape(g.ops, transpose(g.ops, dqkv5, [1, 3, 0, 2, 4], `${p}.dqkv_perm`), [-1, 3 * s.width], `${p}.dqkv`);
    const qkvB = linearBackward(g.ops, blk.ln1.y, g.W(`${p}.attn.qkv.weight`), dqkv, `${p}.qkv_b`);
    const ln1b = layerNormBackward(g.ops, blk.ln1, qkvB.dx, `${p}.norm1_b`);
    dx = b.op('Add', [dx1, ln1b.dx], `${p}.dx0`);
    g.grads
      .set(`${p}.mlp.fc2.weight`, fc2.dw)
      .set(`${p}.mlp.fc2.bias`, fc2.dbias)
      .set(`${p}.mlp.fc1.weight`, fc1.dw)
      .set(`${p}.mlp.fc1.bias`, fc1.dbias)
      .set(`${p}.norm2.weight`, ln2b.dgamma)
      .set(`${p}.norm2.bias`, ln2b.dbeta)
      .set(`${p}.attn.proj.weight`, proj.dw)
      .set(`${p}.attn.proj.bias`, proj.dbias)
      .set(`${p}.attn.qkv.weight`, qkvB.dw)
      .set(`${p}.attn.qkv.bias`, qkvB.dbias)
      .set(`${p}.norm1.weight`, ln1b.dgamma)
      .set(`${p}.norm1.bias`, ln1b.dbeta);
  }
  return dx;
}
