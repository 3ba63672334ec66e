/**
 * Worklist channels: the locked model is run over the review folders (`worklist.review`); the studies it
 * abstained on or flagged as out-of-distribution form the worklist, with per-label outputs; a
 * radiologist's reading is stored as expert labels.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id } from './common';

export const labelDecision = s.object({
  label: s.string(),
  probability: s.number({ min: 0, max: 1 }),
  threshold: s.number(),
  decision: s.string(),
  abstainReasons: s.array(s.string()),
});

export const worklistItem = s.object({
  studyId: id,
  name: s.string(),
  reason: s.enumOf(['abstained', 'ood', 'abstained and ood'] as const),
  reviewedAt: s.string(),
  adjudicated: s.boolean(),
});

export const expertLabelValue = s.enumOf(['positive', 'negative', 'uncertain'] as const);

/** A stored reading: bound to the image bytes and to the bundle the case was predicted with. */
export const expertLabelSet = s.object({
  expertLabelSetId: id,
  studyId: id,
  inputSha256: s.string(),
  bundleHash: s.string(),
  reader: s.object({ username: s.string(), printedName: s.string(), role: s.string() }),
  adjudicatedAt: s.string(),
  labels: s.record(expertLabelValue),
  comment: s.string(),
});

export const worklistChannels = {
  'worklist.review': defineChannel(
    'Runs a locked model over the review folders (one audit row per inference) and builds the worklist',
    s.object({ modelId: id }),
    s.object({ modelId: id, bundleHash: s.string(), reviewed: s.number(), flagged: s.number(), failed: s.number() }),
  ),
  'worklist.list': defineChannel(
    'Studies the locked model abstained on or flagged as out-of-distribution (from the latest review)',
    empty,
    s.object({
      review: s.nullable(s.object({ modelId: s.string(), bundleHash: s.string(), at: s.string() })),
      items: s.array(worklistItem),
    }),
  ),
  'worklist.study': defineChannel(
    'Per-label probabilities and decisions, and the OOD verdict, for one reviewed study',
    s.object({ studyId: id }),
    s.object({
      studyId: id,
      abstained: s.boolean(),
      ood: s.object({ score: s.number(), flagged: s.boolean(), reasons: s.array(s.string()) }),
      labels: s.array(labelDecision),
    }),
  ),
  'worklist.adjudicate': defineChannel(
    'Stores a radiologist reading of a reviewed study as expert labels (the reader re-enters the password; role radiologist or admin)',
    s.object({
      studyId: id,
      user: s.string({ minLength: 1, maxLength: 200 }),
      password: s.string({ minLength: 1, maxLength: 1024 }),
      labels: s.record(expertLabelValue),
      comment: s.string({ maxLength: 4000 }),
    }),
    expertLabelSet,
  ),
} as const;
