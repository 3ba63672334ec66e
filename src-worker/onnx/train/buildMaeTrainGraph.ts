/**
 * One MAE pretraining step (He et al. 2022, as MaeDecoder.loss computes it) as an ONNX graph for ONNX Runtime's
 * inference session: patch embedding, the encoder on the visible tokens only, the decoder over every position
 * (visible tokens put back, the mask token elsewhere), per-patch-normalised pixel targets, the masked MSE, and the
 * backward pass of all of it. Selection and un-shuffling are products with a one-hot matrix, as in MaeDecoder, so
 * their gradients are products with its transpose.
 *
 * Inputs: pixels [B, 1, S, S]; select [B, K, N] (row k one-hot at the k-th kept patch); masked [B, N, 1] (1 where
 * the patch is hidden); weights [B, N] (masked × the micro-batch's share ÷ its masked count); then every parameter
 * (the encoder's without its head, then the decoder's). Outputs: loss, then grad:<name> per parameter.
 */
import { type VitConfig, vitDims } from '../../../src-core/model/vitConfig';
import type { MaeOptions } from '../../model/MaeDecoder';
import { GraphBuilder } from '../GraphBuilder';
import type { OnnxGraph, OnnxValueInfo } from '../onnxTypes';
import { blocksBackward, blocksForward, type GraphContext } from './blockGraph';
import { NODE_PREFIX } from './buildVitTrainGraph';
import {
  gradOps,
  layerNormBackward,
  layerNormForward,
  linearBackward,
  linearForward,
  patchRows,
  reshape,
  sliceAxis1,
  transpose,
} from './gradGraphOps';
import { LOSS_OUTPUT, lossAndGradOutputs, parameterInputs, type TrainParam } from './trainGraphIo';

export const MAE_GRAPH_INPUTS = { pixels: 'pixels', select: 'select', masked: 'masked', weights: 'weights' } as const;

/** Visible patches per image for a mask ratio, as MaeDecoder.drawMasks keeps them. */
export function visiblePatches(c: VitConfig, maskRatio: number): number {
  return Math.max(1, Math.round(vitDims(c).numPatches * (1 - maskRatio)));
}

export function buildMaeTrainGraph(c: VitConfig, mae: MaeOptions, params: TrainParam[]): OnnxGraph {
  const { width: D, patchSize: P, imageSize: S, layerNormEps: eps } = c;
  const N = vitDims(c).numPatches;
  const K = visiblePatches(c, mae.maskRatio);
  const Dd = mae.decoderWidth;
  const P2 = P * P;
  const b = new GraphBuilder();
  const I = MAE_GRAPH_INPUTS;
  for (const n of [...Object.values(I), LOSS_OUTPUT]) b.name(n);
  const declared = parameterInputs(b, params);
  const g: GraphContext = { ops: gradOps(b), W: declared.W, grads: new Map() };
  const { W, ops } = g;
  const inputs: OnnxValueInfo[] = [
    { name: I.pixels, elemType: 'float32', shape: ['batch', 1, S, S] },
    { name: I.select, elemType: 'float32', shape: ['batch', K, N] },
    { name: I.masked, elemType: 'float32', shape: ['batch', N, 1] },
    { name: I.weights, elemType: 'float32', shape: ['batch', N] },
    ...declared.inputs,
  ];
  const axis = (name: string, value: number): { name: string; kind: 'int'; value: number } => ({ name, kind: 'int', value });
  const meanLast = (x: string, hint: string): string =>
    b.op('ReduceMean', [x], hint, [{ name: 'axes', kind: 'ints', value: [-1] }, axis('keepdims', 1)]);

  // ---- targets: per-patch normalised pixels [B, N, P²] (population variance, + 1e-6, as tf.moments)
  const patches = patchRows(ops, I.pixels, S, P);
  const patches3 = reshape(ops, patches, [-1, N, P2], 'patches3');
  const centred = b.op('Sub', [patches3, meanLast(patches3, 'patch_mean')], 'patch_centred');
  const variance = meanLast(b.op('Mul', [centred, centred], 'patch_sq'), 'patch_var');
  const target = b.op(
    'Div',
    [centred, b.op('Sqrt', [b.op('Add', [variance, b.scalar('eps_target', 1e-6)], 'var_eps')], 'patch_std')],
    'target',
  );

  // ---- encoder on the visible tokens: select · (patch tokens + position), class token in front
  const tokens = b.op(
    'Add',
    [
      reshape(
        ops,
        linearForward(ops, patches, W('patch_embed.proj.weight'), W('patch_embed.proj.bias'), 'patch_embed'),
        [-1, N, D],
        'patch_tokens',
      ),
      sliceAxis1(ops, W('pos_embed'), 1, N + 1, 'pos_patches'),
    ],
    'tokens',
  );
  const visible = b.op('MatMul', [I.select, tokens], 'visible'); // [B, K, D]
  const batchDim = b.op(
    'Slice',
    [b.op('Shape', [I.pixels], 'pixels_shape'), b.int64Const('z0', [0]), b.int64Const('z1', [1])],
    'batch_dim',
  );
  const clsShape = b.op('Concat', [batchDim, b.int64Const('one_d', [1, D])], 'cls_shape', [axis('axis', 0)]);
  const cls = b.op(
    'Expand',
    [b.op('Add', [W('cls_token'), sliceAxis1(ops, W('pos_embed'), 0, 1, 'pos_cls')], 'cls_pos'), clsShape],
    'cls_rows',
  );
  const encIn = reshape(ops, b.op('Concat', [cls, visible], 'enc_tokens', [axis('axis', 1)]), [-1, D], 'enc_rows');
  const encPrefixes = Array.from({ length: c.depth }, (_, i) => `blocks.${i}`);
  const encoder = blocksForward(g, encIn, encPrefixes, { T: K + 1, width: D, heads: c.heads, eps });
  const lnE = layerNormForward(ops, encoder.out, W('norm.weight'), W('norm.bias'), eps, 'enc_norm');

  // ---- decoder: embed, visible tokens back in place (placeᵀ = select), mask token elsewhere, position
  const emb = reshape(
    ops,
    linearForward(ops, lnE.y, W('decoder_embed.weight'), W('decoder_embed.bias'), 'decoder_embed'),
    [-1, K + 1, Dd],
    'emb',
  );
  const clsD = sliceAxis1(ops, emb, 0, 1, 'cls_dec');
  const selectT = transpose(ops, I.select, [0, 2, 1], 'select_t'); // [B, N, K]
  const placed = b.op('MatMul', [selectT, sliceAxis1(ops, emb, 1, K + 1, 'vis_dec')], 'placed');
  const full = b.op('Add', [placed, b.op('Mul', [I.masked, W('mask_token')], 'mask_tokens')], 'full');
  const decIn = b.op('Add', [b.op('Concat', [clsD, full], 'dec_tokens', [axis('axis', 1)]), W('decoder_pos_embed')], 'dec_pos');
  const decPrefixes = Array.from({ length: mae.decoderDepth }, (_, i) => `decoder_blocks.${i}`);
  const decoder = blocksForward(g, reshape(ops, decIn, [-1, Dd], 'dec_rows'), decPrefixes, {
    T: N + 1,
    width: Dd,
    heads: mae.decoderHeads,
    eps: 1e-6,
  });
  const lnD = layerNormForward(ops, decoder.out, W('decoder_norm.weight'), W('decoder_norm.bias'), 1e-6, 'dec_norm');
  const predRows = linearForward(ops, lnD.y, W('decoder_pred.weight'), W('decoder_pred.bias'), 'decoder_pred');
  const pred = sliceAxis1(ops, reshape(ops, predRows, [-1, N + 1, P2], 'pred_all'), 1, N + 1, 'pred');

  // ---- loss: Σ_b,n weights · mean_p (pred − target)²
  b.nodePrefix = NODE_PREFIX.loss;
  const diff = b.op('Sub', [pred, target], 'diff');
  const perPatch = b.op('ReduceMean', [b.op('Mul', [diff, diff], 'diff_sq')], 'per_patch', [
    { name: 'axes', kind: 'ints', value: [-1] },
    axis('keepdims', 0),
  ]);
  const lossName = b.op('ReduceSum', [b.op('Mul', [perPatch, I.weights], 'weighted')], 'loss_sum', [axis('keepdims', 0)]);
  const w3 = b.op('Unsqueeze', [I.weights, b.int64Const('ax2', [2])], 'weights3');
  const dPred = b.op('Mul', [diff, b.op('Mul', [w3, b.scalar('two_over_p2', 2 / P2)], 'w_scaled')], 'dpred');

  // ---- backward
  b.nodePrefix = NODE_PREFIX.backward;
  const dPredRows = reshape(ops, b.op('Pad', [dPred, b.int64Const('pad_pred', [0, 1, 0, 0, 0, 0])], 'dpred_all'), [-1, P2], 'dpred_rows');
  const predB = linearBackward(ops, lnD.y, W('decoder_pred.weight'), dPredRows, 'decoder_pred_b');
  const lnDb = layerNormBackward(ops, lnD, predB.dx, 'dec_norm_b');
  const dDec = reshape(ops, blocksBackward(g, decoder.saved, lnDb.dx), [-1, N + 1, Dd], 'ddec');
  const dFull = sliceAxis1(ops, dDec, 1, N + 1, 'dfull');
  const dMaskToken = b.op('ReduceSum', [b.op('Mul', [dFull, I.masked], 'dfull_masked'), b.int64Const('ax01', [0, 1])], 'dmask_token', [
    axis('keepdims', 1),
  ]);
  const dEmb = reshape(
    ops,
    b.op('Concat', [sliceAxis1(ops, dDec, 0, 1, 'dcls_dec'), b.op('MatMul', [I.select, dFull], 'dvis_dec')], 'demb', [axis('axis', 1)]),
    [-1, Dd],
    'demb_rows',
  );
  const embB = linearBackward(ops, lnE.y, W('decoder_embed.weight'), dEmb, 'decoder_embed_b');
  const lnEb = layerNormBackward(ops, lnE, embB.dx, 'enc_norm_b');
  const dEnc = reshape(ops, blocksBackward(g, encoder.saved, lnEb.dx), [-1, K + 1, D], 'denc');
  const dCls = b.op('ReduceSum', [sliceAxis1(ops, dEnc, 0, 1, 'dcls_rows'), ops.k.axis0], 'dcls', [axis('keepdims', 1)]);
  const dTokens = b.op('MatMul', [selectT, sliceAxis1(ops, dEnc, 1, K + 1, 'dvisible')], 'dtokens'); // [B, N, D]
  const dPosPatches = b.op('ReduceSum', [dTokens, ops.k.axis0], 'dpos_patches', [axis('keepdims', 1)]);
  const pe = linearBackward(
    ops,
    patches,
    W('patch_embed.proj.weight'),
    reshape(ops, dTokens, [-1, D], 'dtoken_rows'),
    'patch_embed_b',
    false,
  );
  g.grads
    .set('decoder_pred.weight', predB.dw)
    .set('decoder_pred.bias', predB.dbias)
    .set('decoder_norm.weight', lnDb.dgamma)
    .set('decoder_norm.bias', lnDb.dbeta)
    .set('decoder_pos_embed', b.op('ReduceSum', [dDec, ops.k.axis0], 'ddec_pos', [axis('keepdims', 1)]))
    .set('mask_token', dMaskToken)
    .set('decoder_embed.weight', embB.dw)
    .set('decoder_embed.bias', embB.dbias)
    .set('norm.weight', lnEb.dgamma)
    .set('norm.bias', lnEb.dbeta)
    .set('cls_token', dCls)
    .set('pos_embed', b.op('Concat', [dCls, dPosPatches], 'dpos', [axis('axis', 1)]))
    .set('patch_embed.proj.weight', pe.dw)
    .set('patch_embed.proj.bias', pe.dbias);

  return b.build('hilum_mae_train_step', inputs, lossAndGradOutputs(b, params, lossName, g.grads));
}
