/**
 * AdamW (Loshchilov & Hutter): Adam moments with weight decay decoupled from the gradient
 * (p ← p − lr·(m̂/(√v̂+ε) + wd·p)); no decay on norms, biases, pos_embed, cls_token; per-parameter LR scale
 * (layer-wise decay). Moments are tf.Variables so their tensor count stays constant.
 */
import { HilumError } from '../../src-core/errors';
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../../src-core/safetensors/types';

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
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();

  constructor(
    private readonly params: Map<string, tf.Variable>,
    private readonly opts: AdamWOptions,
  ) {
    for (const [n, p] of params) {
      // tidy frees the zero tensors the variables were made from
      this.m.set(
        n,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
      this.v.set(
        n,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
    }
  }

  /** One update with the given gradients at learning rate lr. */
  apply(grads: Map<string, tf.Tensor>, lr: number): void {
    this.step += 1;
    const { beta1, beta2, eps } = this.opts;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    tf.tidy(() => {
      for (const [n, g] of grads) {
        const p = this.params.get(n)!;
        const m = this.m.get(n)!;
        const v = this.v.get(n)!;
        const lrn = lr * this.opts.lrScale(n);
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        m.assign(mNew);
        v.assign(vNew);
        let update = tf.div(tf.div(mNew, c1), tf.add(tf.sqrt(tf.div(vNew, c2)), eps));
        const wd = this.opts.noDecay(n) ? 0 : this.opts.weightDecay;
        if (wd > 0) update = tf.add(update, tf.mul(p, wd));
        p.assign(tf.sub(p, tf.mul(update, lrn)));
      }
    });
  }

  /** Moments in the tfjs-internal layout, named m.<param> / v.<param>, for the resume checkpoint. */
  exportState(): Map<string, NamedTensor> {
    const out = new Map<string, NamedTensor>();
    for (const [n, t] of this.m) out.set(`m.${n}`, { shape: t.shape, data: t.dataSync() as Float32Array });
    for (const [n, t] of this.v) out.set(`v.${n}`, { shape: t.shape, data: t.dataSync() as Float32Array });
    return out;
  }

  loadState(state: Map<string, NamedTensor>, step: number): void {
    for (const [prefix, map] of [
      ['m', this.m],
      ['v', this.v],
    ] as const) {
      for (const [n, t] of map) {
        const s = state.get(`${prefix}.${n}`);
        if (!s)
          throw new HilumError('MODEL_WEIGHTS', `optimiser state ${prefix}.${n} missing from the checkpoint`, { tensor: `${prefix}.${n}` });
        const fresh = tf.tensor(s.data, t.shape);
        t.assign(fresh);
        fresh.dispose();
      }
    }
    this.step = step;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

/** Scales gradients in place so their global L2 norm is at most maxNorm; returns the norm before clipping. */
export function clipByGlobalNorm(grads: Map<string, tf.Tensor>, maxNorm: number): number {
  const norm = tf.tidy(() => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))).dataSync()[0]!);
  if (maxNorm > 0 && norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    for (const [n, g] of grads) {
      grads.set(n, tf.mul(g, scale));
      g.dispose();
    }
  }
  return norm;
}
