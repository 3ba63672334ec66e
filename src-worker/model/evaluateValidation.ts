/** Validation scores of a training run's current weights (tfjs, or ONNX Runtime's inference graph), then macro-AUROC / AUPRC. */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { DataSource } from '../../src-core/model/dataSource';
import type { TrainConfig } from '../../src-core/model/trainConfig';
import { ortValidationScorer } from '../onnx/train/ortValidationScorer';
import { evaluateMultiLabel, type MultiLabelMetrics } from './evaluateMultiLabel';
import { loadBatch } from './loadBatch';
import type { TrainingView } from './trainingView';
import type { VitModel } from './VitModel';

/**
 * Sigmoid scores for every validation sample, then macro-AUROC / AUPRC. With `ortModel` (ONNX Runtime engine) the
 * model's current weights are scored through ONNX Runtime's inference graph, in batches of up to 32.
 */
export async function evaluateValidation(
  view: TrainingView,
  data: DataSource,
  config: TrainConfig,
  C: number,
  ortModel?: VitModel,
): Promise<MultiLabelMetrics> {
  const N = data.size;
  const scores = new Float32Array(N * C);
  const targets = new Float32Array(N * C);
  const mask = new Float32Array(N * C);
  const all = Array.from({ length: N }, (_, i) => i);
  const scorer = ortModel ? await ortValidationScorer(ortModel.config, ortModel.exportCanonical(), os.availableParallelism()) : undefined;
  const step = scorer ? Math.max(config.microBatch, 32) : config.microBatch;
  try {
    for (let start = 0; start < N; start += step) {
      const idx = all.slice(start, start + step);
      const batch = await loadBatch(data, idx, view, config, undefined);
      const s = scorer
        ? Float32Array.from(await scorer.logits(batch.arrays.pixels, idx.length), (z) => 1 / (1 + Math.exp(-z)))
        : tf.tidy(() => tf.sigmoid(view.logits(batch.input(0, idx.length), false)).dataSync() as Float32Array);
      scores.set(s, start * C);
      targets.set(batch.rawTargets, start * C);
      mask.set(batch.rawMask, start * C);
    }
  } finally {
    await scorer?.release();
  }
  return evaluateMultiLabel(scores, targets, mask, N, C);
}
