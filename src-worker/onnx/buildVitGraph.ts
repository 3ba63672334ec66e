/** Builds the ONNX graph (opset 17) of Hilum's ViT from its config and canonical weights: pixels → logits, features, attention. */
import { vitDims, type VitConfig } from '../../src-core/model/vitConfig';
import { GraphBuilder } from './GraphBuilder';
import type { OnnxGraph } from './onnxTypes';
import { transpose2d, vitWeightReader, type VitWeights } from './vitWeightReader';

export interface BuildVitGraphOptions {
  /** Add output `attention` [depth, batch, tokens, tokens]: each block's head-averaged attention (large; for inspection). */
  attentionOutput: boolean;
  /**
   * Add output `saliency` [batch, patches]: attention rollout computed in the graph (R ← Â_l·R with
   * Â = 0.5·mean_heads(A) + 0.5·I, class-token row over the patches, scaled to max 1). ONNX Runtime evaluates
   * every output whether fetched or not, so this small output replaces shipping the raw maps.
   */
  saliencyOutput?: boolean;
  source?: string;
}

export function buildVitGraph(config: VitConfig, weights: VitWeights, options: BuildVitGraphOptions): OnnxGraph {
  const { width: D, depth, heads, patchSize: P, imageSize: S, numClasses: C, layerNormEps } = config;
  const { numPatches: N, mlpHidden: M, headDim } = vitDims(config);
  const T = N + 1;
  const w = vitWeightReader(weights, options.source);
  const b = new GraphBuilder();
  const pixels = b.name('pixels');
  const logitsName = b.name('logits');
  const featuresName = b.name('features');
  const attentionName = options.attentionOutput ? b.name('attention') : '';
  const saliencyName = options.saliencyOutput ? b.name('saliency') : '';
  const halfIdentity = options.saliencyOutput
    ? b.floatConst(
        'half_identity',
        [T, T],
        Float32Array.from({ length: T * T }, (_, k) => (k % (T + 1) === 0 ? 0.5 : 0)),
      )
    : '';
  let rollout = '';

  // Linear layer: x[..., in] · Wᵀ + bias, with the [out, in] weight transposed once at export.
  const linear = (x: string, prefix: string, outDim: number, inDim: number, hint: string, out?: string): string => {
    const wt = b.floatConst(`${prefix}.weight.T`, [inDim, outDim], transpose2d(w(`${prefix}.weight`, [outDim, inDim]), outDim, inDim));
    const bias = b.floatConst(`${prefix}.bias`, [outDim], w(`${prefix}.bias`, [outDim]));
    const mm = b.op('MatMul', [x, wt], `${hint}_mm`);
    return b.op('Add', [mm, bias], hint, [], out ? [out] : undefined);
  };
  const layerNorm = (x: string, prefix: string, hint: string): string =>
    b.op(
      'LayerNormalization',
      [x, b.floatConst(`${prefix}.weight`, [D], w(`${prefix}.weight`, [D])), b.floatConst(`${prefix}.bias`, [D], w(`${prefix}.bias`, [D]))],
      hint,
      [
        { name: 'axis', kind: 'int', value: -1 },
        { name: 'epsilon', kind: 'float', value: layerNormEps },
      ],
    );

  // Patch embedding: a stride-P convolution, then [B, D, g, g] → [B, N, D].
  const conv = b.op(
    'Conv',
    [
      pixels,
      b.floatConst('patch_embed.proj.weight', [D, 1, P, P], w('patch_embed.proj.weight', [D, 1, P, P])),
      b.floatConst('patch_embed.proj.bias', [D], w('patch_embed.proj.bias', [D])),
    ],
    'patch_embed',
    [
      { name: 'kernel_shape', kind: 'ints', value: [P, P] },
      { name: 'strides', kind: 'ints', value: [P, P] },
    ],
  );
  const flat = b.op('Reshape', [conv, b.int64Const('shape_bdn', [0, D, N])], 'patch_flat');
  const patches = b.op('Transpose', [flat], 'patch_tokens', [{ name: 'perm', kind: 'ints', value: [0, 2, 1] }]);

  // Class token broadcast to the (dynamic) batch: Expand to [B, 1, D] with B read from the input's shape.
  const batchDim = b.op(
    'Slice',
    [b.op('Shape', [pixels], 'pixels_shape'), b.int64Const('zero1', [0]), b.int64Const('one1', [1])],
    'batch_dim',
  );
  const clsShape = b.op('Concat', [batchDim, b.int64Const('one_d', [1, D])], 'cls_shape', [{ name: 'axis', kind: 'int', value: 0 }]);
  const cls = b.op('Expand', [b.floatConst('cls_token', [1, 1, D], w('cls_token', [1, 1, D])), clsShape], 'cls_expanded');
  const tokens = b.op('Concat', [cls, patches], 'tokens', [{ name: 'axis', kind: 'int', value: 1 }]);
  let x = b.op('Add', [tokens, b.floatConst('pos_embed', [1, T, D], w('pos_embed', [1, T, D]))], 'embedded');

  const qScale = b.scalar('attn_scale', 1 / Math.sqrt(headDim));
  const invSqrt2 = b.scalar('inv_sqrt2', Math.SQRT1_2);
  const half = b.scalar('half', 0.5);
  const one = b.scalar('one', 1);
  const qkvShape = b.int64Const('shape_qkv', [0, 0, 3, heads, headDim]);
  const mergeShape = b.int64Const('shape_merge', [0, 0, D]);
  const attentionMaps: string[] = [];
  const axis0 = options.attentionOutput ? b.int64Const('axis0', [0]) : '';
  const qkvIndex = [0, 1, 2].map((k) => b.int64Scalar(`qkv_index${k}`, k));

  for (let i = 0; i < depth; i++) {
    const p = `blocks.${i}`;
    // Attention: qkv → [3, B, heads, T, headDim] as timm does (reshape then permute 2,0,3,1,4).
    const h = layerNorm(x, `${p}.norm1`, `${p}.norm1`);
    const qkv = linear(h, `${p}.attn.qkv`, 3 * D, D, `${p}.qkv`);
    const qkv5 = b.op('Transpose', [b.op('Reshape', [qkv, qkvShape], `${p}.qkv5`)], `${p}.qkv_perm`, [
      { name: 'perm', kind: 'ints', value: [2, 0, 3, 1, 4] },
    ]);
    const part = (k: number, nm: string): string =>
      b.op('Gather', [qkv5, qkvIndex[k]!], `${p}.${nm}`, [{ name: 'axis', kind: 'int', value: 0 }]);
    const q = b.op('Mul', [part(0, 'q'), qScale], `${p}.q_scaled`);
    const kT = b.op('Transpose', [part(1, 'k')], `${p}.kT`, [{ name: 'perm', kind: 'ints', value: [0, 1, 3, 2] }]);
    const v = part(2, 'v');
    const attn = b.op('Softmax', [b.op('MatMul', [q, kT], `${p}.scores`)], `${p}.attn`, [{ name: 'axis', kind: 'int', value: -1 }]);
    if (options.attentionOutput || options.saliencyOutput) {
      const mean = b.op('ReduceMean', [attn], `${p}.attn_mean`, [
        { name: 'axes', kind: 'ints', value: [1] },
        { name: 'keepdims', kind: 'int', value: 0 },
      ]);
      if (options.attentionOutput) attentionMaps.push(b.op('Unsqueeze', [mean, axis0], `${p}.attn_map`));
      if (options.saliencyOutput) {
        // Rows of the head mean sum to 1, so 0.5·A + 0.5·I is already row-stochastic.
        const aHat = b.op('Add', [b.op('Mul', [mean, half], `${p}.attn_half`), halfIdentity], `${p}.attn_hat`);
        rollout = i === 0 ? aHat : b.op('MatMul', [aHat, rollout], `${p}.rollout`);
      }
    }
    const ctx = b.op('Transpose', [b.op('MatMul', [attn, v], `${p}.ctx`)], `${p}.ctx_t`, [
      { name: 'perm', kind: 'ints', value: [0, 2, 1, 3] },
    ]);
    const merged = b.op('Reshape', [ctx, mergeShape], `${p}.ctx_merged`);
    x = b.op('Add', [x, linear(merged, `${p}.attn.proj`, D, D, `${p}.proj`)], `${p}.res1`);

    // MLP with exact GELU: 0.5·u·(1 + erf(u/√2)) (ONNX Gelu is opset 20; Hilum targets 17).
    const u = linear(layerNorm(x, `${p}.norm2`, `${p}.norm2`), `${p}.mlp.fc1`, M, D, `${p}.fc1`);
    const erf = b.op('Erf', [b.op('Mul', [u, invSqrt2], `${p}.gelu_scaled`)], `${p}.gelu_erf`);
    const gelu = b.op('Mul', [b.op('Mul', [u, half], `${p}.gelu_half`), b.op('Add', [erf, one], `${p}.gelu_1p`)], `${p}.gelu`);
    x = b.op('Add', [x, linear(gelu, `${p}.mlp.fc2`, D, M, `${p}.fc2`)], `${p}.res2`);
  }

  const normed = layerNorm(x, 'norm', 'final_norm');
  b.op('Gather', [normed, b.int64Scalar('cls_index', 0)], 'features', [{ name: 'axis', kind: 'int', value: 1 }], [featuresName]);
  linear(featuresName, 'head', C, D, 'head', logitsName);
  if (options.attentionOutput) b.op('Concat', attentionMaps, 'attention', [{ name: 'axis', kind: 'int', value: 0 }], [attentionName]);
  if (options.saliencyOutput) {
    const clsRow = b.op('Gather', [rollout, b.int64Scalar('cls_row', 0)], 'rollout_cls', [{ name: 'axis', kind: 'int', value: 1 }]);
    const patchRow = b.op(
      'Slice',
      [clsRow, b.int64Const('one_start', [1]), b.int64Const('t_end', [T]), b.int64Const('axis1', [1])],
      'rollout_patches',
    );
    const max = b.op('ReduceMax', [patchRow], 'rollout_max', [
      { name: 'axes', kind: 'ints', value: [1] },
      { name: 'keepdims', kind: 'int', value: 1 },
    ]);
    b.op('Div', [patchRow, max], 'saliency', [], [saliencyName]);
  }

  const outputs = [
    { name: logitsName, elemType: 'float32' as const, shape: ['batch', C] },
    { name: featuresName, elemType: 'float32' as const, shape: ['batch', D] },
  ];
  if (options.attentionOutput) outputs.push({ name: attentionName, elemType: 'float32', shape: [depth, 'batch', T, T] });
  if (options.saliencyOutput) outputs.push({ name: saliencyName, elemType: 'float32', shape: ['batch', N] });
  return b.build('hilum_vit', [{ name: pixels, elemType: 'float32', shape: ['batch', 1, S, S] }], outputs);
}
