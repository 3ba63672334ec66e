/**
 * Multi-head scaled dot-product attention from the fused qkv projection, as one tfjs op with a hand-written
 * gradient built only from 2-D matMuls. Why: tfjs-wasm sends every matMul with a batch dimension (or a
 * transposed operand) to a scalar loop (~1.5 GFLOP/s, 57 % of a ViT-Ti/16 training step) and only 2-D
 * untransposed products to XNNPACK; and the 5-D head transposes took another 23 %
 * (bench/results/train-profile.md). Per sample and head we slice q, k, v out of [T, 3D] and multiply 2-D.
 */
import * as tf from '@tensorflow/tfjs';

interface Saved {
  /** per sample: its [T, 3D] qkv rows */
  rows: tf.Tensor2D[];
  /** per sample and head: softmax probabilities [T, T] */
  probs: tf.Tensor2D[];
}

function headSlice(x: tf.Tensor2D, part: number, h: number, D: number, hd: number): tf.Tensor2D {
  return tf.slice(x, [0, part * D + h * hd], [x.shape[0], hd]);
}

function forward(qkv: tf.Tensor3D, heads: number): { out: tf.Tensor3D; saved: Saved } {
  const D3 = qkv.shape[2];
  const D = D3 / 3;
  const hd = D / heads;
  const scale = 1 / Math.sqrt(hd);
  const rows = tf.unstack(qkv) as tf.Tensor2D[];
  const probs: tf.Tensor2D[] = [];
  const outs = rows.map((x) => {
    const kT = tf.transpose(tf.slice(x, [0, D], [x.shape[0], D])); // [D, T]: one transpose for all heads
    const perHead = Array.from({ length: heads }, (_, h) => {
      const q = tf.mul(headSlice(x, 0, h, D, hd), scale);
      const p = tf.softmax(tf.matMul(q, tf.slice(kT, [h * hd, 0], [hd, kT.shape[1]]))) as tf.Tensor2D;
      probs.push(p);
      return tf.matMul(p, headSlice(x, 2, h, D, hd));
    });
    return tf.concat(perHead, 1);
  });
  return { out: tf.stack(outs) as tf.Tensor3D, saved: { rows, probs } };
}

function backward(dy: tf.Tensor3D, saved: Saved, heads: number): tf.Tensor3D {
  const D = dy.shape[2];
  const hd = D / heads;
  const scale = 1 / Math.sqrt(hd);
  const dys = tf.unstack(dy) as tf.Tensor2D[];
  const grads = saved.rows.map((x, b) => {
    const dq: tf.Tensor2D[] = [];
    const dk: tf.Tensor2D[] = [];
    const dv: tf.Tensor2D[] = [];
    for (let h = 0; h < heads; h++) {
      const p = saved.probs[b * heads + h]!;
      const dO = headSlice(dys[b]!, 0, h, D, hd);
      const v = headSlice(x, 2, h, D, hd);
      dv.push(tf.matMul(tf.transpose(p), dO));
      const dP = tf.matMul(dO, tf.transpose(v));
      // softmax backward: dS = P ⊙ (dP − Σ_j dP ⊙ P)
      const dS = tf.mul(p, tf.sub(dP, tf.sum(tf.mul(dP, p), 1, true))) as tf.Tensor2D;
      dq.push(tf.mul(tf.matMul(dS, headSlice(x, 1, h, D, hd)), scale));
      dk.push(tf.matMul(tf.transpose(dS), tf.mul(headSlice(x, 0, h, D, hd), scale)));
    }
    return tf.concat([...dq, ...dk, ...dv], 1);
  });
  return tf.stack(grads) as tf.Tensor3D;
}

const cores = new Map<number, (qkv: tf.Tensor) => tf.Tensor>();

/** qkv [B, T, 3D] (timm's order: q, k, v; heads contiguous within each) → attention output [B, T, D]. */
export function attentionCore(qkv: tf.Tensor3D, heads: number): tf.Tensor3D {
  let core = cores.get(heads);
  if (!core) {
    core = tf.customGrad(((x: tf.Tensor3D, save: tf.GradSaveFunc) => {
      const { out, saved } = forward(x, heads);
      save([...saved.rows, ...saved.probs]);
      return {
        value: out,
        gradFunc: (dy: tf.Tensor3D, kept: tf.Tensor[]) => {
          const rows = kept.slice(0, x.shape[0]) as tf.Tensor2D[];
          return [backward(dy, { rows, probs: kept.slice(x.shape[0]) as tf.Tensor2D[] }, heads)];
        },
      };
      // tfjs types customGrad's function as variadic; this one takes exactly (x, save).
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as (qkv: tf.Tensor) => tf.Tensor;
    cores.set(heads, core);
  }
  return core(qkv) as tf.Tensor3D;
}
