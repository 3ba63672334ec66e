/**
 * Out-of-distribution channels over the OOD section of a stored `hilum eval` report: per OOD set (near,
 * far) and detector, OOD AUROC and FPR at 95 % TPR with bootstrap CIs, and the operating threshold.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { id } from './common';
import { estimate } from './validation';

export const oodDetectorResult = s.object({
  detector: s.string(),
  idCases: s.number(),
  oodCases: s.number(),
  auroc: estimate,
  fprAt95Tpr: estimate,
  thresholdAt95Tpr: s.nullable(s.number()),
});

export const oodChannels = {
  'ood.report': defineChannel(
    'OOD detection of one stored evaluation: every detector on every OOD set',
    s.object({ evaluationId: id }),
    s.object({
      /** Set when the evaluation has no OOD section (e.g. a `hilum metrics` report). */
      reason: s.nullable(s.string()),
      inDistribution: s.nullable(s.string()),
      sets: s.array(
        s.object({
          name: s.string(),
          source: s.string(),
          cases: s.number(),
          rejected: s.nullable(s.number()),
          detectors: s.array(oodDetectorResult),
        }),
      ),
      definitions: s.record(s.string()),
      notes: s.array(s.string()),
    }),
  ),
} as const;
