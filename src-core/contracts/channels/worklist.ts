/** Worklist channels: studies the locked model abstained on or flagged OOD, per-label outputs, adjudication. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id } from './common';

export const labelDecision = s.object({
  label: s.string(),
  probability: s.number({ min: 0, max: 1 }),
  threshold: s.number(),
  decision: s.enumOf(['positive', 'negative', 'abstain'] as const),
});

export const worklistItem = s.object({
  studyId: id,
  reason: s.enumOf(['abstained', 'ood'] as const),
  modelId: s.string(),
  receivedAt: s.string(),
  adjudicated: s.boolean(),
});

export const expertLabelValue = s.enumOf(['positive', 'negative', 'uncertain'] as const);

export const worklistChannels = {
  'worklist.list': defineChannel('Studies the locked model abstained on or flagged as out-of-distribution', empty, s.object({ items: s.array(worklistItem) })),
  'worklist.study': defineChannel(
    'Per-label probabilities and decisions for one worklist study',
    s.object({ studyId: id }),
    s.object({ studyId: id, oodScore: s.nullable(s.number()), labels: s.array(labelDecision) }),
  ),
  'worklist.adjudicate': defineChannel(
    'Stores a radiologist reading as expert labels',
    s.object({ studyId: id, labels: s.record(expertLabelValue), comment: s.string({ maxLength: 4000 }) }),
    s.object({ expertLabelSetId: id }),
  ),
} as const;
