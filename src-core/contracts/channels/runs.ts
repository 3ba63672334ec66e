/**
 * Training run channels: configure and start fine-tuning (`model.train`) or MAE pretraining
 * (`model.pretrain`) as worker jobs, stream loss and metric points for live curves, cancel.
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
});

export const runListItem = s.object({
  id,
  kind: s.enumOf(runKinds),
  preset: s.string(),
  datasetId: s.string(),
  status: s.enumOf(runStatuses),
  startedAt: s.string(),
  outDir: s.string(),
});

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
  'runs.list': defineChannel('Runs started in this app session', empty, s.object({ runs: s.array(runListItem) })),
  'runs.start': defineChannel('Starts a training or pretraining run (a worker job)', runConfig, s.object({ runId: id })),
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
} as const;
