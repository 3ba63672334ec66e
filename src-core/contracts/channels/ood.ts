/**
 * Out-of-distribution channels over the OOD section of a stored `hilum eval` report: per OOD set (near,
 * far) and detector, OOD AUROC and FPR at 95 % TPR with bootstrap CIs, and the operating threshold; per detector,
 * score histograms of the stored per-image scores with the thresholds and the fraction of each set they flag.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { id } from './common';
import { estimate } from './validation';
import { oodHistogramFields, oodThresholdFields } from '../jobs/evaluation';

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
      /** Per detector, its stored per-image scores on every set over shared bins, with the operating and 95 %-TPR thresholds. */
      histograms: s.array(s.object({ ...oodHistogramFields, thresholds: s.array(s.object(oodThresholdFields)) })),
      /** Why there are no histograms (or none for some detector); null when every detector has one. */
      histogramsNote: s.nullable(s.string()),
      /** Where the operating thresholds came from (the bundle's ood.json); null when the model has none. */
      operatingThresholdsSource: s.nullable(s.string()),
      notes: s.array(s.string()),
    }),
  ),
} as const;
