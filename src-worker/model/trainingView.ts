/**
 * What the loop trains: either the whole ViT on images, or (linear probe) only the head on frozen features
 * computed once. Both expose the same surface: per-sample input shape, logits, trainable variables.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src-core/random/createRng';
import type { VitModel } from './VitModel';
import { linear } from './vitLayers';

export interface TrainingView {
  /** Per-sample input shape ([1, H, W] for images, [D] for features). */
  inputShape: number[];
  /** Whether image augmentations apply (not to frozen features). */
  augments: boolean;
  trainable: Map<string, tf.Variable>;
  logits(x: tf.Tensor, training: boolean, rng?: Rng): tf.Tensor2D;
}

export function fullView(model: VitModel): TrainingView {
  const s = model.config.imageSize;
  return {
    inputShape: [1, s, s],
    augments: true,
    trainable: model.params,
    logits: (x, training, rng) => model.forward(x, { training, dropPathRng: rng }).logits,
  };
}

export function headView(model: VitModel): TrainingView {
  const trainable = new Map([...model.params].filter(([n]) => n.startsWith('head.')));
  return {
    inputShape: [model.config.width],
    augments: false,
    trainable,
    logits: (x) => linear(x, model.params, 'head') as tf.Tensor2D,
  };
}
