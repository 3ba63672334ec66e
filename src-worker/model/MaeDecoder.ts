/**
 * MAE (He et al. 2022) pieces around a VitModel encoder: random patch masking, a lightweight transformer
 * decoder (decoder_embed, mask_token, learned decoder_pos_embed, decoder_blocks, decoder_norm, decoder_pred)
 * and the loss — MSE on per-patch-normalised pixels, averaged over masked patches only.
 * Differences from the paper, on purpose: position embeddings are learned (not fixed sin-cos).
 */
import * as tf from '@tensorflow/tfjs';
import { HilumError } from '../../src-core/errors';
import { vitDims } from '../../src-core/model/vitConfig';
import type { Rng } from '../../src-core/random/createRng';
import { shuffleInPlace } from '../../src-core/random/shuffleInPlace';
import type { NamedTensor } from '../../src-core/safetensors/types';
import { initVitParams } from './initVitParams';
import type { VitModel } from './VitModel';
import { plainMatMul } from './plainMatMul';
import { attention, layerNorm, linear, mlp, type Params, param } from './vitLayers';

export interface MaeOptions {
  maskRatio: number;
  decoderWidth: number;
  decoderDepth: number;
  decoderHeads: number;
}

export class MaeDecoder {
  readonly params: Params = new Map();

  constructor(
    private readonly encoder: VitModel,
    readonly opts: MaeOptions,
    rng: Rng,
  ) {
    const c = encoder.config;
    const { numPatches: N } = vitDims(c);
    const Dd = opts.decoderWidth;
    const P2 = c.patchSize * c.patchSize;
    // Decoder blocks share the encoder's block layout: borrow the initialiser with the decoder's width.
    const blockInit = initVitParams({ ...c, width: Dd, heads: opts.decoderHeads, depth: opts.decoderDepth, numClasses: 1 }, rng, (n) =>
      n.startsWith('blocks.'),
    );
    const add = (name: string, shape: number[], data: Float32Array): void => {
      this.params.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(data, shape), true)),
      ); // tidy frees the initial value
    };
    for (const [n, t] of blockInit) {
      // Linear weights go in as [in, out] (see weightLayout.ts): transpose the canonical [out, in].
      if (t.shape.length === 2) {
        const [o, i] = t.shape as [number, number];
        const tr = new Float32Array(o * i);
        for (let r = 0; r < o; r++) for (let k = 0; k < i; k++) tr[k * o + r] = t.data[r * i + k]!;
        add(`decoder_${n}`, [i, o], tr);
      } else add(`decoder_${n}`, t.shape, t.data);
    }
    const normal = (n: number, std: number): Float32Array =>
      Float32Array.from({ length: n }, () => (rng.nextFloat() * 2 - 1) * std * Math.sqrt(3));
    add('decoder_embed.weight', [c.width, Dd], normal(c.width * Dd, 0.02));
    add('decoder_embed.bias', [Dd], new Float32Array(Dd));
    add('mask_token', [1, 1, Dd], normal(Dd, 0.02));
    add('decoder_pos_embed', [1, 1 + N, Dd], normal((1 + N) * Dd, 0.02));
    add('decoder_norm.weight', [Dd], new Float32Array(Dd).fill(1));
    add('decoder_norm.bias', [Dd], new Float32Array(Dd));
    add('decoder_pred.weight', [Dd, P2], normal(Dd * P2, 0.02));
    add('decoder_pred.bias', [P2], new Float32Array(P2));
  }

  /** Per-sample random keep sets: keep[b] lists the kept patch indices in draw order. */
  drawMasks(B: number, rng: Rng): { keep: Int32Array; restore: Int32Array; masked: Float32Array; K: number } {
    const N = vitDims(this.encoder.config).numPatches;
    const K = Math.max(1, Math.round(N * (1 - this.opts.maskRatio)));
    const keep = new Int32Array(B * K);
    const restore = new Int32Array(B * N);
    const masked = new Float32Array(B * N).fill(1);
    for (let b = 0; b < B; b++) {
      const perm = shuffleInPlace(
        Array.from({ length: N }, (_, i) => i),
        rng,
      );
      restore.fill(B * K, b * N, (b + 1) * N); // default: the mask-token row
      for (let k = 0; k < K; k++) {
        const n = perm[k]!;
        keep[b * K + k] = b * N + n;
        restore[b * N + n] = b * K + k;
        masked[b * N + n] = 0;
      }
    }
    return { keep, restore, masked, K };
  }

  /** Scalar reconstruction loss for images x [B, 1, H, W]. */
  loss(x: tf.Tensor4D, rng: Rng): tf.Scalar {
    const c = this.encoder.config;
    const { numPatches: N } = vitDims(c);
    const [B] = x.shape;
    const Dd = this.opts.decoderWidth;
    const P = c.patchSize;
    const g = c.imageSize / P;
    const { keep, masked, K } = this.drawMasks(B, rng);
    // targets: per-patch normalised pixels [B, N, P²]
    const patches = tf.reshape(tf.transpose(tf.reshape(x, [B, g, P, g, P]), [0, 1, 3, 2, 4]), [B, N, P * P]);
    const { mean, variance } = tf.moments(patches, -1, true);
    const target = tf.div(tf.sub(patches, mean), tf.sqrt(tf.add(variance, 1e-6)));
    // encoder on visible patches only
    const tokens = tf.add(this.encoder.embedPatches(x), this.encoder.patchPos());
    // Selection and un-shuffling are one-hot matMuls, not gather: tfjs-wasm has no UnsortedSegmentSum kernel,
    // which gather's gradient needs. select [B, K, N]: row k is one-hot at kept patch keep[b][k].
    const select = new Float32Array(B * K * N);
    for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) select[(b * K + k) * N + (keep[b * K + k]! - b * N)] = 1;
    const selectT = tf.tensor3d(select, [B, K, N]);
    const visible = plainMatMul(selectT, tokens as tf.Tensor3D);
    const encoded = this.encoder.encode(tf.concat([this.encoder.clsToken(B), visible], 1));
    // decoder over all positions: visible tokens back in place, mask token elsewhere
    const emb = linear(encoded, this.params, 'decoder_embed');
    const clsD = tf.slice(emb, [0, 0, 0], [B, 1, Dd]);
    const visD = tf.slice(emb, [0, 1, 0], [B, K, Dd]) as tf.Tensor3D;
    // place [B, N, K] = selectᵀ (built directly, untransposed): visible tokens back at their positions
    const place = new Float32Array(B * N * K);
    for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) place[(b * N + (keep[b * K + k]! - b * N)) * K + k] = 1;
    const placed = plainMatMul(tf.tensor3d(place, [B, N, K]), visD);
    const full = tf.add(placed, tf.mul(tf.tensor3d(masked, [B, N, 1]), param(this.params, 'mask_token')));
    let y: tf.Tensor = tf.add(tf.concat([clsD, full], 1), param(this.params, 'decoder_pos_embed'));
    for (let i = 0; i < this.opts.decoderDepth; i++) {
      const b = `decoder_blocks.${i}`;
      y = tf.add(y, attention(layerNorm(y, this.params, `${b}.norm1`, 1e-6), this.params, `${b}.attn`, this.opts.decoderHeads));
      y = tf.add(y, mlp(layerNorm(y, this.params, `${b}.norm2`, 1e-6), this.params, `${b}.mlp`));
    }
    const pred = tf.slice(linear(layerNorm(y, this.params, 'decoder_norm', 1e-6), this.params, 'decoder_pred'), [0, 1, 0], [B, N, P * P]);
    const perPatch = tf.mean(tf.square(tf.sub(pred, target)), -1);
    const m = tf.tensor2d(masked, [B, N]);
    return tf.div(tf.sum(tf.mul(perPatch, m)), tf.sum(m)) as tf.Scalar;
  }

  exportState(): Map<string, NamedTensor> {
    const out = new Map<string, NamedTensor>();
    for (const [n, v] of this.params) out.set(n, { shape: v.shape, data: v.dataSync() as Float32Array });
    return out;
  }

  loadState(state: Map<string, NamedTensor>): void {
    for (const [n, v] of this.params) {
      const s = state.get(n);
      if (!s) throw new HilumError('MODEL_WEIGHTS', `MAE checkpoint lacks ${n}`, { tensor: n });
      const t = tf.tensor(s.data, v.shape);
      v.assign(t);
      t.dispose();
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}
