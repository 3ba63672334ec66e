/**
 * A config-driven ViT in tfjs (timm semantics, single-channel input). Weights are tf.Variables keyed by
 * canonical names (held in the tfjs-internal layout of weightLayout.ts). forward → { logits, features }.
 */
import { bug, HilumError } from '../../src-core/errors';
import * as tf from '@tensorflow/tfjs';
import { type VitConfig, vitDims } from '../../src-core/model/vitConfig';
import type { Rng } from '../../src-core/random/createRng';
import { canonicalShapes } from '../../src-core/model/canonicalShapes';
import type { NamedTensor } from '../../src-core/safetensors/types';
import { attention, layerNorm, linear, mlp, type Params, param } from './vitLayers';
import { toCanonical, toInternal } from './weightLayout';

export interface ForwardOptions {
  /** Enables drop-path (stochastic depth); needs dropPathRng when config.dropPath > 0. */
  training?: boolean;
  dropPathRng?: Rng;
  /** Free each block's intermediates (inference of large models on wasm). Not for use under a gradient tape. */
  tidyBlocks?: boolean;
}

export class VitModel {
  readonly config: VitConfig;
  readonly params: Params;

  private constructor(config: VitConfig, params: Params) {
    this.config = config;
    this.params = params;
  }

  /** Builds the model from canonical (PyTorch-layout) tensors; all names of canonicalShapes(config) must be present. */
  static fromCanonical(config: VitConfig, tensors: Map<string, NamedTensor>): VitModel {
    const params: Params = new Map();
    for (const [name, shape] of canonicalShapes(config)) {
      const t = tensors.get(name);
      if (!t) throw bug(`fromCanonical: ${name} missing (importCheckpoint validates user files)`);
      if (t.data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`fromCanonical: ${name} has ${t.data.length} values`);
      const internal = toInternal(name, { shape, data: t.data });
      params.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(internal.data, internal.shape), true)),
      ); // tidy frees the initial value
    }
    return new VitModel(config, params);
  }

  /** Canonical PyTorch-layout float32 copies of every weight (for safetensors, EMA, hashing). */
  exportCanonical(): Map<string, NamedTensor> {
    const out = new Map<string, NamedTensor>();
    for (const [name, v] of this.params) {
      out.set(name, toCanonical(name, { shape: v.shape, data: v.dataSync() as Float32Array }, this.config.patchSize));
    }
    return out;
  }

  loadCanonical(tensors: Map<string, NamedTensor>): void {
    for (const [name, v] of this.params) {
      const t = tensors.get(name);
      if (!t) throw new HilumError('MODEL_WEIGHTS', `loadCanonical: ${name} missing from the weights`, { tensor: name });
      const internal = toInternal(name, t);
      const fresh = tf.tensor(internal.data, v.shape);
      v.assign(fresh);
      fresh.dispose();
    }
  }

  /** Patch tokens [B, N, D] (conv-as-linear) before the class token and position embedding. */
  embedPatches(x: tf.Tensor): tf.Tensor3D {
    const [B, , H, W] = x.shape as [number, number, number, number];
    const P = this.config.patchSize;
    const gh = H / P;
    const gw = W / P;
    const patches = tf.reshape(tf.transpose(tf.reshape(x, [B, gh, P, gw, P]), [0, 1, 3, 2, 4]), [B, gh * gw, P * P]);
    return linear(patches, this.params, 'patch_embed.proj') as tf.Tensor3D;
  }

  /** Class token + position embedding for B samples: [B, 1, D]. */
  clsToken(B: number): tf.Tensor3D {
    const D = this.config.width;
    const cls = tf.add(param(this.params, 'cls_token'), tf.slice(param(this.params, 'pos_embed'), [0, 0, 0], [1, 1, D]));
    return tf.tile(cls, [B, 1, 1]) as tf.Tensor3D;
  }

  /** Position embeddings of the patch positions: [1, N, D]. */
  patchPos(): tf.Tensor3D {
    const N = vitDims(this.config).numPatches;
    return tf.slice(param(this.params, 'pos_embed'), [0, 1, 0], [1, N, this.config.width]) as tf.Tensor3D;
  }

  /** Runs the transformer blocks and the final norm over tokens [B, T, D]. */
  encode(tokens: tf.Tensor, opts: ForwardOptions = {}): tf.Tensor3D {
    const c = this.config;
    let x = tokens;
    for (let i = 0; i < c.depth; i++) {
      const rate = c.depth > 1 ? (c.dropPath * i) / (c.depth - 1) : c.dropPath;
      const step = (): tf.Tensor => {
        const b = `blocks.${i}`;
        const a = this.dropPath(
          attention(layerNorm(x, this.params, `${b}.norm1`, c.layerNormEps), this.params, `${b}.attn`, c.heads),
          rate,
          opts,
        );
        const y = tf.add(x, a);
        return tf.add(y, this.dropPath(mlp(layerNorm(y, this.params, `${b}.norm2`, c.layerNormEps), this.params, `${b}.mlp`), rate, opts));
      };
      if (opts.tidyBlocks) {
        const prev = x;
        x = tf.tidy(step);
        if (prev !== tokens) prev.dispose();
      } else {
        x = step();
      }
    }
    return layerNorm(x, this.params, 'norm', c.layerNormEps) as tf.Tensor3D;
  }

  /** x [B, 1, H, W] → logits [B, C] and features (normed class token) [B, D]. */
  forward(x: tf.Tensor, opts: ForwardOptions = {}): { logits: tf.Tensor2D; features: tf.Tensor2D } {
    const B = x.shape[0]!;
    const tokens = tf.concat([this.clsToken(B), tf.add(this.embedPatches(x), this.patchPos())], 1);
    const normed = this.encode(tokens, opts);
    const features = tf.reshape(tf.slice(normed, [0, 0, 0], [B, 1, this.config.width]), [B, this.config.width]) as tf.Tensor2D;
    const logits = linear(features, this.params, 'head') as tf.Tensor2D;
    return { logits, features };
  }

  /** Inference: the whole forward under tidy, per-block tidy inside, plain arrays out. */
  predict(x: tf.Tensor): { logits: tf.Tensor2D; features: tf.Tensor2D } {
    return tf.tidy(() => this.forward(x, { tidyBlocks: true }));
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }

  private dropPath(branch: tf.Tensor, rate: number, opts: ForwardOptions): tf.Tensor {
    if (!opts.training || rate <= 0) return branch;
    if (!opts.dropPathRng) throw bug('drop-path needs dropPathRng in training');
    const B = branch.shape[0]!;
    const keep = new Float32Array(B);
    for (let b = 0; b < B; b++) keep[b] = opts.dropPathRng.nextFloat() < rate ? 0 : 1 / (1 - rate);
    return tf.mul(branch, tf.tensor3d(keep, [B, 1, 1]));
  }
}
