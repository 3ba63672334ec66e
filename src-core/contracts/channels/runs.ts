/**
 * Training run channels: configure and start fine-tuning (a stored training run, as `hilum train --dataset`)
 * or MAE pretraining (`model.pretrain`) as tracked jobs, stream loss and metric points for live curves, cancel;
 * bundle and register a finished run, and evaluate its registered model on a stored dataset split.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id, serializedErrorSchema } from './common';

export const runKinds = ['train', 'pretrain'] as const;
export const runPresets = ['vit-micro', 'vit-ti16', 'vit-s16', 'vit-b16'] as const;
export const runStatuses = ['running', 'succeeded', 'failed', 'cancelled'] as const;

export const runConfig = s.object({
  kind: s.enumOf(runKinds),
  preset: s.enumOf(runPresets),
  /** A stored dataset with patient splits: trains on `train`, validates on `val`. */
  datasetId: id,
  epochs: s.number({ integer: true, min: 1, max: 1000 }),
  batchSize: s.number({ integer: true, min: 1, max: 4096 }),
  learningRate: s.number({ min: 0, max: 10 }),
  seed: s.number({ integer: true, min: 0 }),
  /**
   * Where a fine-tuning run's gradients are computed: 'cpu' (default: ONNX Runtime's training graph) or 'webgpu'
   * (tfjs WebGPU in the desktop app's hidden gradient window; elsewhere Dawn in Node, where an adapter exists).
   */
  compute: s.optional(s.enumOf(['cpu', 'webgpu'] as const)),
});

export const runListItem = s.object({
  id,
  kind: s.enumOf(runKinds),
  preset: s.string(),
  datasetId: s.string(),
  status: s.enumOf(runStatuses),
  startedAt: s.string(),
  outDir: s.string(),
  /** The bundles made from this run (newest first), with the model each was registered as. */
  bundles: s.array(
    s.object({
      hash: s.string(),
      weights: s.string(),
      modelId: s.nullable(s.string()),
      /** The registered model's name and version ("cxr-vit 1.0.0"), or null when the bundle was not registered. */
      model: s.nullable(s.string()),
      createdAt: s.string(),
    }),
  ),
});

export const bundleWeights = ['best', 'ema', 'swa', 'last'] as const;
export const evaluationSplits = ['test', 'val', 'train', 'all'] as const;

export const metricPoint = s.object({
  /** Event sequence number (for paging with afterSeq). */
  seq: s.number({ integer: true, min: 0 }),
  step: s.number({ min: 0 }),
  epoch: s.number({ min: 0 }),
  split: s.enumOf(['train', 'val'] as const),
  name: s.string(),
  value: s.number(),
});

export const runsChannels = {
  'runs.list': defineChannel(
    'Runs started in this app, newest first (stored: they survive a restart)',
    empty,
    s.object({ runs: s.array(runListItem) }),
  ),
  'runs.start': defineChannel(
    'Starts a training run (stored with its lineage, as `hilum train --dataset`) or a pretraining run, as a tracked job',
    runConfig,
    s.object({ runId: id }),
  ),
  'runs.metrics': defineChannel(
    'Loss and metric points of a run after a sequence number (for live curves), its status and latest message',
    s.object({ runId: id, afterSeq: s.number({ integer: true, min: -1 }) }),
    s.object({
      run: runListItem,
      points: s.array(metricPoint),
      lastSeq: s.number({ integer: true, min: -1 }),
      message: s.nullable(s.string()),
      error: s.nullable(serializedErrorSchema),
    }),
  ),
  'runs.cancel': defineChannel(
    'Cancels a running run (its last checkpoint is kept)',
    s.object({ runId: id }),
    s.object({ cancelRequested: s.boolean() }),
  ),
  'runs.bundle': defineChannel(
    'Bundles a finished training run and registers it as a draft model (as `hilum bundle --run --register`), as a tracked job',
    s.object({
      runId: id,
      weights: s.enumOf(bundleWeights),
      /** Per-label threshold rule: max-f1, youden, sens>=x, spec>=x. */
      threshold: s.string({ minLength: 1, maxLength: 40 }),
      /** Abstention rule: risk<=x, coverage>=x, band=x, none. */
      abstention: s.string({ minLength: 1, maxLength: 40 }),
      modelName: s.string({ minLength: 1, maxLength: 120 }),
      modelVersion: s.string({ minLength: 1, maxLength: 40 }),
    }),
    s.object({ jobId: id }),
  ),
  'runs.evaluate': defineChannel(
    "Evaluates a registered model's bundle on a stored dataset split and records the report as the model's evaluation metrics (as `hilum eval` then `hilum model record-metrics --from-evaluation`), as a tracked job",
    s.object({ modelId: id, datasetId: id, split: s.enumOf(evaluationSplits) }),
    s.object({ jobId: id }),
  ),
} as const;
