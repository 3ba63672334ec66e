/**
 * ODIN input preprocessing (Liang et al. 2018) for a multi-label ViT: one signed-gradient step that
 * raises the temperature-scaled probability of the case's most probable label,
 * x̃ = x − ε · sign(−∇ₓ log σ(z_{l*}(x) / T)),  l* = argmax_l z_l(x),
 * so that in-distribution inputs (whose scores respond more to the step) separate further from OOD
 * inputs. Returns the perturbed images, to be scored by whatever runtime serves the model (ONNX here),
 * and the tfjs logits at x̃ for checking.
 */
import * as tf from '@tensorflow/tfjs';
import type { VitModel } from './VitModel';

export interface OdinOptions {
  epsilon: number;
  temperature: number;
  batchSize?: number;
}

export interface OdinResult {
  /** One perturbed image per input (imageSize² values each). */
  images: Float32Array[];
  /** Raw logits f(x̃), row-major [n × numClasses]. */
  logits: Float32Array;
}

export function odinPerturb(model: VitModel, images: Float32Array[], options: OdinOptions): OdinResult {
  const S = model.config.imageSize;
  const C = model.config.numClasses;
  const batchSize = options.batchSize ?? 16;
  const out: Float32Array[] = [];
  const logits = new Float32Array(images.length * C);
  for (let start = 0; start < images.length; start += batchSize) {
    const batch = images.slice(start, start + batchSize);
    const B = batch.length;
    const flat = new Float32Array(B * S * S);
    batch.forEach((img, i) => flat.set(img, i * S * S));
    const perturbed = tf.tidy(() => {
      const x = tf.tensor4d(flat, [B, 1, S, S]);
      // The label is fixed at the unperturbed input, as in ODIN; the sum over the batch leaves each image's gradient its own (no cross-image terms in a ViT).
      const top = tf.oneHot(tf.argMax(model.forward(x).logits, 1), C);
      const objective = (input: tf.Tensor): tf.Scalar => {
        const z = tf.div(model.forward(input).logits, options.temperature);
        const logSigmoid = tf.neg(tf.softplus(tf.neg(z)));
        return tf.sum(tf.mul(logSigmoid, top)) as tf.Scalar;
      };
      const gradient = tf.grad(objective)(x);
      // x − ε·sign(−∇) = x + ε·sign(∇): a step that increases log σ(z_{l*}/T).
      return tf.add(x, tf.mul(tf.sign(gradient), options.epsilon)) as tf.Tensor4D;
    });
    const data = perturbed.dataSync() as Float32Array;
    for (let i = 0; i < B; i++) out.push(data.slice(i * S * S, (i + 1) * S * S));
    const z = tf.tidy(() => model.forward(perturbed).logits);
    logits.set(z.dataSync() as Float32Array, start * C);
    z.dispose();
    perturbed.dispose();
  }
  return { images: out, logits };
}
