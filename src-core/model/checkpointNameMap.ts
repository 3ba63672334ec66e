/**
 * Maps checkpoint tensor names from timm / MAE and torchvision layouts to Hilum's canonical (timm) names.
 * torchvision: conv_proj, class_token, encoder.pos_embedding, encoder.layers.encoder_layer_N.{ln_1,
 * self_attention.in_proj_*, self_attention.out_proj, ln_2, mlp.0|mlp.linear_1, mlp.3|mlp.linear_2},
 * encoder.ln, heads.head. The q/k/v row order of in_proj_weight equals timm's qkv, so it maps 1:1.
 */

export type CheckpointLayout = 'timm' | 'torchvision';

/** MAE checkpoints carry a decoder and a mask token that fine-tuning does not use. */
export function isMaeExtra(name: string): boolean {
  return name.startsWith('decoder_') || name.startsWith('decoder.') || name === 'mask_token';
}

export function detectLayout(names: Iterable<string>): CheckpointLayout {
  for (const n of names) if (n.startsWith('conv_proj.') || n.startsWith('encoder.layers.')) return 'torchvision';
  return 'timm';
}

const tvBlock: Array<[RegExp, string]> = [
  [/^ln_1\.(weight|bias)$/, 'norm1.$1'],
  [/^self_attention\.in_proj_weight$/, 'attn.qkv.weight'],
  [/^self_attention\.in_proj_bias$/, 'attn.qkv.bias'],
  [/^self_attention\.out_proj\.(weight|bias)$/, 'attn.proj.$1'],
  [/^ln_2\.(weight|bias)$/, 'norm2.$1'],
  [/^mlp\.(?:0|linear_1)\.(weight|bias)$/, 'mlp.fc1.$1'],
  [/^mlp\.(?:3|linear_2)\.(weight|bias)$/, 'mlp.fc2.$1'],
];

const tvTop: Record<string, string> = {
  'conv_proj.weight': 'patch_embed.proj.weight',
  'conv_proj.bias': 'patch_embed.proj.bias',
  class_token: 'cls_token',
  'encoder.pos_embedding': 'pos_embed',
  'encoder.ln.weight': 'norm.weight',
  'encoder.ln.bias': 'norm.bias',
  'heads.head.weight': 'head.weight',
  'heads.head.bias': 'head.bias',
};

/** The canonical name for a checkpoint name, or undefined when the layout has no such tensor. */
export function toCanonicalName(name: string, layout: CheckpointLayout): string | undefined {
  const n = name.startsWith('module.') ? name.slice('module.'.length) : name;
  if (layout === 'timm') return n;
  const top = tvTop[n];
  if (top) return top;
  const m = /^encoder\.layers\.encoder_layer_(\d+)\.(.+)$/.exec(n);
  if (!m) return undefined;
  for (const [re, repl] of tvBlock) if (re.test(m[2]!)) return `blocks.${m[1]}.${m[2]!.replace(re, repl)}`;
  return undefined;
}
