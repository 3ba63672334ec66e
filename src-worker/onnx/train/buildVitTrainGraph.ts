/**
 * One fine-tuning step of Hilum's ViT as an ONNX graph (opset 17) that ONNX Runtime's ordinary inference session
 * runs: the forward pass of VitModel.forward, the loss, and the backward pass written out op by op, so the
 * gradients come from ONNX Runtime's native kernels (MLAS) instead of tfjs-wasm. No training build of ONNX
 * Runtime is needed. The weights are graph inputs (tfjs-internal layout, the optimiser's flat order), the
 * gradients graph outputs `grad:<name>`; the optimiser stays in JS (AdamW over FlatParams).
 *
 * Inputs: pixels [B, 1, S, S], targets [B, C], weights [B, C] (per-element loss weights), logit_adjust [C],
 * one keep_<block>_<branch> [B·T, 1] per block with drop-path rate > 0 (0 or 1/(1−rate) per sample, repeated
 * over its T rows), then every parameter. Outputs: loss (scalar), then grad:<name> for every parameter.
 */
import type { LossConfig } from '../../../src-core/model/trainConfig';
import { type VitConfig, vitDims } from '../../../src-core/model/vitConfig';
import { GraphBuilder } from '../GraphBuilder';
import type { OnnxGraph, OnnxValueInfo } from '../onnxTypes';
import { blocksBackward, blocksForward, type GraphContext } from './blockGraph';
import {
  gradOps,
  layerNormBackward,
  layerNormForward,
  linearBackward,
  linearForward,
  patchRows,
  reshape,
  sliceAxis1,
} from './gradGraphOps';
import { lossGraph } from './lossGraph';
import { LOSS_OUTPUT, lossAndGradOutputs, parameterInputs, type TrainParam } from './trainGraphIo';

/** Drop-path rate of block i, as VitModel.encode computes it. */
export function dropPathRate(c: VitConfig, i: number): number {
  return c.depth > 1 ? (c.dropPath * i) / (c.depth - 1) : c.dropPath;
}

export function keepInputName(block: number, branch: 'attn' | 'mlp'): string {
  return `keep_${block}_${branch}`;
}

/** Node-name prefixes of the loss and backward parts (the forward has none): how a profile tells the parts apart. */
export const NODE_PREFIX = { loss: 'loss:', backward: 'bwd:' } as const;

export const TRAIN_GRAPH_INPUTS = { pixels: 'pixels', targets: 'targets', weights: 'weights', logitAdjust: 'logit_adjust' } as const;

export function buildVitTrainGraph(c: VitConfig, params: TrainParam[], loss: LossConfig): OnnxGraph {
  const { width: D, depth, patchSize: P, imageSize: S, numClasses: C, layerNormEps: eps } = c;
  const N = vitDims(c).numPatches;
  const T = N + 1;
  const b = new GraphBuilder();
  const I = TRAIN_GRAPH_INPUTS;
  for (const n of [...Object.values(I), LOSS_OUTPUT]) b.name(n);
  const declared = parameterInputs(b, params);
  const g: GraphContext = { ops: gradOps(b), W: declared.W, grads: new Map() };
  const W = g.W;
  const inputs: OnnxValueInfo[] = [
    { name: I.pixels, elemType: 'float32', shape: ['batch', 1, S, S] },
    { name: I.targets, elemType: 'float32', shape: ['batch', C] },
    { name: I.weights, elemType: 'float32', shape: ['batch', C] },
    { name: I.logitAdjust, elemType: 'float32', shape: [C] },
  ];
  const keeps = new Map<string, string>();
  for (let i = 0; i < depth; i++) {
    if (dropPathRate(c, i) <= 0) continue;
    for (const branch of ['attn', 'mlp'] as const) {
      const name = b.name(keepInputName(i, branch));
      keeps.set(name, name);
      inputs.push({ name, elemType: 'float32', shape: ['rows', 1] });
    }
  }
  inputs.push(...declared.inputs);

  // ---- forward: patch embedding, class token, position embedding → rows [B·T, D]
  const patches = patchRows(g.ops, I.pixels, S, P);
  const embedded = reshape(
    g.ops,
    linearForward(g.ops, patches, W('patch_embed.proj.weight'), W('patch_embed.proj.bias'), 'patch_embed'),
    [-1, N, D],
    'patch_tokens',
  );
  const posCls = sliceAxis1(g.ops, W('pos_embed'), 0, 1, 'pos_cls');
  const posPatches = sliceAxis1(g.ops, W('pos_embed'), 1, T, 'pos_patches');
  const batchDim = b.op(
    'Slice',
    [b.op('Shape', [I.pixels], 'pixels_shape'), b.int64Const('z0', [0]), b.int64Const('z1', [1])],
    'batch_dim',
  );
  const clsShape = b.op('Concat', [batchDim, b.int64Const('one_d', [1, D])], 'cls_shape', [{ name: 'axis', kind: 'int', value: 0 }]);
  const cls = b.op('Expand', [b.op('Add', [W('cls_token'), posCls], 'cls_pos'), clsShape], 'cls_rows');
  const tokens = b.op('Concat', [cls, b.op('Add', [embedded, posPatches], 'patch_pos')], 'tokens', [
    { name: 'axis', kind: 'int', value: 1 },
  ]);
  const prefixes = Array.from({ length: depth }, (_, i) => `blocks.${i}`);
  const encoder = blocksForward(g, reshape(g.ops, tokens, [-1, D], 'x_rows'), prefixes, { T, width: D, heads: c.heads, eps }, (i, branch) =>
    keeps.get(keepInputName(i, branch)),
  );

  // ---- head: final LayerNorm on the class token only (the other rows never reach the logits), then the loss
  const clsRows = reshape(
    g.ops,
    sliceAxis1(g.ops, reshape(g.ops, encoder.out, [-1, T, D], 'x_btd'), 0, 1, 'cls_final'),
    [-1, D],
    'cls_rows_final',
  );
  const lnF = layerNormForward(g.ops, clsRows, W('norm.weight'), W('norm.bias'), eps, 'final_norm');
  const logits = linearForward(g.ops, lnF.y, W('head.weight'), W('head.bias'), 'head');
  const adjusted = b.op('Add', [logits, I.logitAdjust], 'logits_adjusted');
  b.nodePrefix = NODE_PREFIX.loss;
  const { loss: lossName, dz } = lossGraph(g.ops, adjusted, I.targets, I.weights, loss);

  // ---- backward
  b.nodePrefix = NODE_PREFIX.backward;
  const head = linearBackward(g.ops, lnF.y, W('head.weight'), dz, 'head_b');
  g.grads.set('head.weight', head.dw).set('head.bias', head.dbias);
  const lnFb = layerNormBackward(g.ops, lnF, head.dx, 'final_norm_b');
  g.grads.set('norm.weight', lnFb.dgamma).set('norm.bias', lnFb.dbeta);
  const dcls = reshape(g.ops, lnFb.dx, [-1, 1, D], 'dcls_b1d');
  const dx = reshape(g.ops, b.op('Pad', [dcls, b.int64Const('pad_cls', [0, 0, 0, 0, T - 1, 0])], 'dx_padded'), [-1, D], 'dx_final');
  const dTokens = reshape(g.ops, blocksBackward(g, encoder.saved, dx), [-1, T, D], 'dtokens');
  // embeddings: dpos = Σ_batch d tokens; dcls = its first row; patch embedding from the patch rows
  const dPos = b.op('ReduceSum', [dTokens, g.ops.k.axis0], 'dpos', [{ name: 'keepdims', kind: 'int', value: 1 }]);
  g.grads.set('pos_embed', dPos).set('cls_token', sliceAxis1(g.ops, dPos, 0, 1, 'dcls'));
  const dPatchRows = reshape(g.ops, sliceAxis1(g.ops, dTokens, 1, T, 'dpatch_tokens'), [-1, D], 'dpatch_rows');
  const pe = linearBackward(g.ops, patches, W('patch_embed.proj.weight'), dPatchRows, 'patch_embed_b', false);
  g.grads.set('patch_embed.proj.weight', pe.dw).set('patch_embed.proj.bias', pe.dbias);

  return b.build('hilum_vit_train_step', inputs, lossAndGradOutputs(b, params, lossName, g.grads));
}
