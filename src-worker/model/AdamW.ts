/**
 * AdamW (Loshchilov & Hutter): Adam moments with weight decay decoupled from the gradient
 * (p ← p − lr·(m̂/(√v̂+ε) + wd·p)); no decay on norms, biases, pos_embed, cls_token; per-parameter LR scale
 * (layer-wise decay). The update runs as one fused pass over the flat parameter vector (FlatParams) with the
 * moments in plain float32 arrays: ~10 tfjs kernels per parameter tensor became one loop per tensor, and the
 * moments no longer take wasm heap (bench/results/train-profile.md).
 */
import { bug, HilumError } from '../../src-core/errors';
import type * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../../src-core/safetensors/types';
import { FlatParams } from './FlatParams';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  noDecay: (name: string) => boolean;
  lrScale: (name: string) => number;
}

export class AdamW {
  step = 0;
  /** The parameters as one flat vector: gradients given to applyFlat follow its layout. */
  readonly flat: FlatParams;
  private readonly names: string[];
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly lrScales: number[];
  private readonly decays: number[];
  private weights: Float32Array | undefined;

  constructor(
    params: Map<string, tf.Variable>,
    private readonly opts: AdamWOptions,
  ) {
    this.names = [...params.keys()];
    this.flat = new FlatParams([...params.values()]);
    this.m = new Float32Array(this.flat.total);
    this.v = new Float32Array(this.flat.total);
    this.lrScales = this.names.map((n) => opts.lrScale(n));
    this.decays = this.names.map((n) => (opts.noDecay(n) ? 0 : opts.weightDecay));
  }

  /**
   * One update with the given gradients (by parameter name) at learning rate lr. Reads gradients and weights with
   * the asynchronous download, which every backend supports (webgpu's synchronous read returned wrong weights in
   * Chromium: test/worker/model/webgpuParity.test.ts).
   */
  async apply(grads: Map<string, tf.Tensor>, lr: number): Promise<void> {
    const flat = new Float32Array(this.flat.total);
    for (const [i, n] of this.names.entries()) {
      const g = grads.get(n);
      if (!g) throw bug(`AdamW: no gradient for ${n}`);
      flat.set((await g.data()) as Float32Array, this.flat.offsets[i]);
    }
    this.applyFlat(flat, lr, await this.flat.readAsync());
  }

  /** One update from flat gradients (FlatParams layout); `weights`: the current weights, when the caller has just read them. */
  applyFlat(grads: Float32Array, lr: number, weights?: Float32Array): void {
    if (grads.length !== this.flat.total) throw bug(`AdamW: ${grads.length} gradients for ${this.flat.total} parameters`);
    this.step += 1;
    const { beta1, beta2, eps } = this.opts;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    const p = weights ?? this.flat.read((this.weights ??= new Float32Array(this.flat.total)));
    const { m, v } = this;
    const k1 = 1 - beta1;
    const k2 = 1 - beta2;
    const invSqrtC2 = 1 / Math.sqrt(c2);
    // p ← p·(1 − lr·wd) − (lr/c1)·m / (√v·(1/√c2) + ε): the same update with one division and one sqrt per element
    for (let i = 0; i < this.flat.sizes.length; i++) {
      const lrn = lr * this.lrScales[i]!;
      const step = lrn / c1;
      const keep = 1 - lrn * this.decays[i]!;
      const at = this.flat.offsets[i]!;
      const end = at + this.flat.sizes[i]!;
      for (let j = at; j < end; j++) {
        const g = grads[j]!;
        const mj = beta1 * m[j]! + k1 * g;
        const vj = beta2 * v[j]! + k2 * g * g;
        m[j] = mj;
        v[j] = vj;
        p[j] = p[j]! * keep - (step * mj) / (Math.sqrt(vj) * invSqrtC2 + eps);
      }
    }
    this.flat.write(p);
  }

  /** Moments in the tfjs-internal layout, named m.<param> / v.<param>, for the resume checkpoint. */
  exportState(): Map<string, NamedTensor> {
    const out = new Map<string, NamedTensor>();
    for (const [prefix, data] of [
      ['m', this.m],
      ['v', this.v],
    ] as const) {
      this.names.forEach((n, i) => {
        const at = this.flat.offsets[i]!;
        out.set(`${prefix}.${n}`, { shape: this.flat.vars[i]!.shape, data: data.slice(at, at + this.flat.sizes[i]!) });
      });
    }
    return out;
  }

  loadState(state: Map<string, NamedTensor>, step: number): void {
    for (const [prefix, data] of [
      ['m', this.m],
      ['v', this.v],
    ] as const) {
      this.names.forEach((n, i) => {
        const s = state.get(`${prefix}.${n}`);
        if (!s)
          throw new HilumError('MODEL_WEIGHTS', `optimiser state ${prefix}.${n} missing from the checkpoint`, { tensor: `${prefix}.${n}` });
        if (s.data.length !== this.flat.sizes[i])
          throw new HilumError(
            'MODEL_WEIGHTS',
            `optimiser state ${prefix}.${n} has ${s.data.length} values, expected ${this.flat.sizes[i]}`,
            {
              tensor: `${prefix}.${n}`,
            },
          );
        data.set(s.data, this.flat.offsets[i]);
      });
    }
    this.step = step;
  }

  /** Nothing to free on the backend (the moments are plain arrays); kept so training resources can own it like the rest. */
  dispose(): void {}
}

/** Scales flat gradients in place so that their L2 norm is at most maxNorm (0 = no clipping); returns the norm before. */
export function clipByGlobalNorm(grads: Float32Array, maxNorm: number): number {
  let sq = 0;
  for (let i = 0; i < grads.length; i++) sq += grads[i]! * grads[i]!;
  const norm = Math.sqrt(sq);
  if (maxNorm > 0 && norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    for (let i = 0; i < grads.length; i++) grads[i]! *= scale;
  }
  return norm;
}
