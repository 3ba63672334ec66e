/** A running average of the model's weights: EMA (every step) or SWA (equal-weight mean of epoch-end weights). */
import { HilumError } from '../../src-core/errors';
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../../src-core/safetensors/types';
import type { VitModel } from './VitModel';
import { toCanonical } from './weightLayout';

export class WeightAverage {
  private readonly avg = new Map<string, tf.Variable>();

  constructor(params: Map<string, tf.Variable>) {
    for (const [n, p] of params)
      this.avg.set(
        n,
        tf.tidy(() => tf.variable(p.clone(), false)),
      ); // tidy frees the clone
  }

  /** EMA: avg ← d·avg + (1 − d)·p */
  update(params: Map<string, tf.Variable>, decay: number): void {
    tf.tidy(() => {
      for (const [n, a] of this.avg) a.assign(tf.add(tf.mul(a, decay), tf.mul(params.get(n)!, 1 - decay)));
    });
  }

  /** SWA: avg ← (avg·count + p) / (count + 1); the first call copies p. */
  accumulate(params: Map<string, tf.Variable>, count: number): void {
    tf.tidy(() => {
      for (const [n, a] of this.avg) {
        const p = params.get(n)!;
        a.assign(count === 0 ? p.clone() : tf.div(tf.add(tf.mul(a, count), p), count + 1));
      }
    });
  }

  /** Puts the averaged weights into the model; returns the raw weights to restore with swapOut. */
  swapIn(params: Map<string, tf.Variable>): Map<string, tf.Tensor> {
    const backup = new Map<string, tf.Tensor>();
    for (const [n, p] of params) {
      backup.set(n, p.clone());
      p.assign(this.avg.get(n)!);
    }
    return backup;
  }

  swapOut(params: Map<string, tf.Variable>, backup: Map<string, tf.Tensor>): void {
    for (const [n, p] of params) {
      const b = backup.get(n)!;
      p.assign(b);
      b.dispose();
    }
  }

  exportCanonical(model: VitModel): Map<string, NamedTensor> {
    const out = new Map<string, NamedTensor>();
    for (const [n, a] of this.avg)
      out.set(n, toCanonical(n, { shape: a.shape, data: a.dataSync() as Float32Array }, model.config.patchSize));
    return out;
  }

  exportInto(out: Map<string, NamedTensor>, prefix: string): void {
    for (const [n, a] of this.avg) out.set(prefix + n, { shape: a.shape, data: a.dataSync() as Float32Array });
  }

  load(state: Map<string, NamedTensor>, prefix: string): void {
    for (const [n, a] of this.avg) {
      const s = state.get(prefix + n);
      if (!s) throw new HilumError('MODEL_WEIGHTS', `checkpoint lacks ${prefix}${n}`, { tensor: prefix + n });
      const t = tf.tensor(s.data, a.shape);
      a.assign(t);
      t.dispose();
    }
  }

  dispose(): void {
    for (const a of this.avg.values()) a.dispose();
  }
}
