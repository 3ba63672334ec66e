/** Reads a batch from a data source, applies seeded augmentations and mixing, and slices micro-batch tensors. */
import * as tf from '@tensorflow/tfjs';
import type { DataSource } from '../../src-core/model/dataSource';
import type { TrainConfig } from '../../src-core/model/trainConfig';
import type { Rng } from '../../src-core/random/createRng';
import { HilumError } from '../../src-core/errors';
import { augmentImage } from './augment/augmentImage';
import { mixBatch } from './augment/mixBatch';
import type { TrainingView } from './trainingView';

export interface LoadedBatch {
  input(start: number, n: number): tf.Tensor;
  targets(start: number, n: number): tf.Tensor2D;
  mask(start: number, n: number): tf.Tensor2D;
  rawTargets: Float32Array;
  rawMask: Float32Array;
  /** The augmented, mixed arrays behind input/targets/mask (for data-parallel workers). */
  arrays: { pixels: Float32Array; targets: Float32Array; mask: Float32Array; per: number };
}

/** augRng undefined = evaluation (no augmentation, no mixing). */
export async function loadBatch(
  data: DataSource,
  idx: number[],
  view: TrainingView,
  config: TrainConfig,
  augRng: Rng | undefined,
): Promise<LoadedBatch> {
  const C = config.model.numClasses;
  const per = view.inputShape.reduce((a, b) => a * b, 1);
  const B = idx.length;
  let pixels: Float32Array = new Float32Array(B * per);
  let targets: Float32Array = new Float32Array(B * C);
  let mask: Float32Array = new Float32Array(B * C);
  const H = view.inputShape[1] ?? 1;
  const W = view.inputShape[2] ?? per;
  for (let k = 0; k < B; k++) {
    const s = await data.get(idx[k]!);
    if (s.pixels.length !== per || s.targets.length !== C || s.mask.length !== C) {
      throw new HilumError(
        'DATASET_FORMAT',
        `Sample ${idx[k]} has ${s.pixels.length} pixels / ${s.targets.length} targets / ${s.mask.length} mask values; the model needs ${per} / ${C} / ${C}`,
        { index: idx[k] },
      );
    }
    pixels.set(augRng && view.augments ? augmentImage(s.pixels, H, W, config.augment, augRng) : s.pixels, k * per);
    targets.set(s.targets, k * C);
    mask.set(s.mask, k * C);
  }
  const rawTargets = targets;
  const rawMask = mask;
  if (augRng && view.augments)
    ({ pixels, targets, mask } = mixBatch({ pixels, targets, mask }, B, H, W, C, config.augment.mixup, config.augment.cutmix, augRng));
  return {
    input: (start, n) => tf.tensor(pixels.subarray(start * per, (start + n) * per), [n, ...view.inputShape]),
    targets: (start, n) => tf.tensor2d(targets.subarray(start * C, (start + n) * C), [n, C]),
    mask: (start, n) => tf.tensor2d(mask.subarray(start * C, (start + n) * C), [n, C]),
    rawTargets,
    rawMask,
    arrays: { pixels, targets, mask, per },
  };
}
