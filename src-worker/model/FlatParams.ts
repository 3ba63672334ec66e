/**
 * A list of tfjs variables seen as ONE flat float32 vector (each variable a contiguous segment, in list order):
 * read the weights into it, write them back, and add a micro-batch's gradients into a flat sum. Why: the
 * optimiser, clipping and gradient accumulation then run as a few passes over plain arrays instead of
 * ~10 tfjs kernels per parameter tensor (152 for a ViT-S/16), and the data-parallel workers exchange one
 * array per step instead of one per tensor and micro-batch (bench/results/train-profile.md).
 */
import * as tf from '@tensorflow/tfjs';

export class FlatParams {
  /** Start of each variable's segment in the flat vector. */
  readonly offsets: number[];
  readonly sizes: number[];
  readonly total: number;

  constructor(readonly vars: tf.Variable[]) {
    this.sizes = vars.map((v) => v.size);
    this.offsets = [];
    let at = 0;
    for (const n of this.sizes) {
      this.offsets.push(at);
      at += n;
    }
    this.total = at;
  }

  /** The current weights, copied into `into` (a fresh array when absent; a SharedArrayBuffer view is fine). */
  read(into: Float32Array = new Float32Array(this.total)): Float32Array {
    this.vars.forEach((v, i) => into.set(v.dataSync() as Float32Array, this.offsets[i]));
    return into;
  }

  /** read() through the asynchronous download (what a GPU backend needs; see AdamW.apply). */
  async readAsync(into: Float32Array = new Float32Array(this.total)): Promise<Float32Array> {
    for (const [i, v] of this.vars.entries()) into.set((await v.data()) as Float32Array, this.offsets[i]);
    return into;
  }

  /** Assigns every variable its segment of `flat`. */
  write(flat: Float32Array): void {
    this.vars.forEach((v, i) => {
      // slice: the cpu backend keeps the array it is given, and `flat` is reused
      const t = tf.tensor(flat.slice(this.offsets[i], this.offsets[i]! + this.sizes[i]!), v.shape);
      v.assign(t);
      t.dispose();
    });
  }

  /**
   * Adds tensors (one per variable, same order and sizes) into `sum`, or copies them there when `first`, then
   * disposes them: a micro-batch's gradients leave the backend as soon as they are summed.
   */
  accumulate(sum: Float32Array, tensors: tf.Tensor[], first: boolean): void {
    tensors.forEach((t, i) => {
      const data = t.dataSync() as Float32Array;
      const at = this.offsets[i]!;
      if (first) sum.set(data, at);
      else for (let j = 0; j < data.length; j++) sum[at + j]! += data[j]!;
      t.dispose();
    });
  }
}
