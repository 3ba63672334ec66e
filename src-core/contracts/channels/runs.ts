/** Training run channels: configure and start pretraining or fine-tuning, stream loss/metric points, cancel. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id } from './common';

export const runKinds = ['pretrain', 'train'] as const;
export const runPresets = ['vit-micro', 'vit-ti16', 'vit-s16', 'vit-b16'] as const;

export const runConfig = s.object({
  kind: s.enumOf(runKinds),
  datasetId: id,
  preset: s.enumOf(runPresets),
  epochs: s.number({ integer: true, min: 1, max: 1000 }),
  batchSize: s.number({ integer: true, min: 1, max: 4096 }),
  learningRate: s.number({ min: 0, max: 1 }),
  seed: s.number({ integer: true, min: 0 }),
});

export const runListItem = s.object({
  id,
  kind: s.enumOf(runKinds),
  preset: s.string(),
  datasetId: s.string(),
  status: s.enumOf(['running', 'succeeded', 'failed', 'cancelled'] as const),
  startedAt: s.string(),
});

export const metricPoint = s.object({
  step: s.number({ integer: true, min: 0 }),
  epoch: s.number({ min: 0 }),
  split: s.enumOf(['train', 'val'] as const),
  name: s.string(),
  value: s.number(),
});

export const runsChannels = {
  'runs.list': defineChannel('Training and pretraining runs', empty, s.object({ runs: s.array(runListItem) })),
  'runs.start': defineChannel('Starts a pretraining or training run (a job)', runConfig, s.object({ runId: id, jobId: id })),
  'runs.metrics': defineChannel(
    'Loss and metric points of a run after a step (for live curves)',
    s.object({ runId: id, afterStep: s.number({ integer: true, min: -1 }) }),
    s.object({ status: runListItem, points: s.array(metricPoint) }),
  ),
  'runs.cancel': defineChannel('Cancels a running run', s.object({ runId: id }), s.object({ cancelRequested: s.boolean() })),
} as const;
