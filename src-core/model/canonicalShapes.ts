/** The canonical (timm-layout, PyTorch-shaped) tensor names and shapes of a ViT configuration. */
import { type VitConfig, vitDims } from './vitConfig';

export function canonicalShapes(c: VitConfig): Map<string, number[]> {
  const D = c.width;
  const { numPatches, mlpHidden: M } = vitDims(c);
  const m = new Map<string, number[]>();
  m.set('patch_embed.proj.weight', [D, 1, c.patchSize, c.patchSize]);
  m.set('patch_embed.proj.bias', [D]);
  m.set('cls_token', [1, 1, D]);
  m.set('pos_embed', [1, 1 + numPatches, D]);
  for (let i = 0; i < c.depth; i++) {
    const b = `blocks.${i}.`;
    m.set(`${b}norm1.weight`, [D]);
    m.set(`${b}norm1.bias`, [D]);
    m.set(`${b}attn.qkv.weight`, [3 * D, D]);
    m.set(`${b}attn.qkv.bias`, [3 * D]);
    m.set(`${b}attn.proj.weight`, [D, D]);
    m.set(`${b}attn.proj.bias`, [D]);
    m.set(`${b}norm2.weight`, [D]);
    m.set(`${b}norm2.bias`, [D]);
    m.set(`${b}mlp.fc1.weight`, [M, D]);
    m.set(`${b}mlp.fc1.bias`, [M]);
    m.set(`${b}mlp.fc2.weight`, [D, M]);
    m.set(`${b}mlp.fc2.bias`, [D]);
  }
  m.set('norm.weight', [D]);
  m.set('norm.bias', [D]);
  m.set('head.weight', [c.numClasses, D]);
  m.set('head.bias', [c.numClasses]);
  return m;
}

/** Parameters that AdamW must not decay: norms, biases, position embedding, class token. */
export function isNoDecayParam(name: string): boolean {
  return name.endsWith('.bias') || name.includes('norm') || name === 'pos_embed' || name === 'cls_token';
}

/** Layer index for layer-wise LR decay: 0 = embeddings, 1..depth = blocks, depth+1 = final norm and head. */
export function layerIdOf(name: string, depth: number): number {
  if (name.startsWith('patch_embed') || name === 'cls_token' || name === 'pos_embed') return 0;
  const m = /^blocks\.(\d+)\./.exec(name);
  if (m) return Number(m[1]) + 1;
  return depth + 1;
}
