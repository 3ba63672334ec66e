/**
 * Validation channels over the stored evaluation reports (governance `model_metrics`, kind `evaluation`:
 * the `hilum metrics` report of one model on one dataset): discrimination with CIs, reliability,
 * temperature scaling, thresholds, coverage–risk.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { curve, empty, id } from './common';

/** A point estimate with its 95 % bootstrap interval; null values come with the reason. */
export const estimate = s.object({
  value: s.nullable(s.number()),
  low: s.nullable(s.number()),
  high: s.nullable(s.number()),
  reason: s.nullable(s.string()),
});

export const evaluationListItem = s.object({
  id,
  modelId: s.string(),
  modelName: s.string(),
  modelVersion: s.string(),
  dataset: s.string(),
  recordedBy: s.string(),
  recordedAt: s.string(),
});

export const reliabilityBin = s.object({
  lower: s.number(),
  upper: s.number(),
  meanPredicted: s.number(),
  observed: s.number(),
  count: s.number(),
});

export const labelValidation = s.object({
  label: s.string(),
  cases: s.number(),
  positives: s.number(),
  negatives: s.number(),
  auroc: estimate,
  auprc: estimate,
  brier: estimate,
  /** Equal-width bins of the uncalibrated probabilities. */
  reliability: s.array(reliabilityBin),
  temperature: s.nullable(s.number()),
  eceBefore: s.nullable(s.number()),
  eceAfter: s.nullable(s.number()),
  thresholds: s.array(
    s.object({
      rule: s.string(),
      threshold: s.nullable(s.number()),
      sensitivity: s.nullable(s.number()),
      specificity: s.nullable(s.number()),
      reason: s.nullable(s.string()),
    }),
  ),
});

export const validationReport = s.object({
  evaluationId: id,
  modelId: s.string(),
  dataset: s.string(),
  cases: s.number(),
  scoreKind: s.string(),
  resampling: s.string(),
  resamples: s.number(),
  macroAuroc: estimate,
  macroAuprc: estimate,
  labels: s.array(labelValidation),
  coverageRisk: s.object({ points: curve, aurc: s.nullable(s.number()) }),
  /** What the stored report does not hold (e.g. ROC/PR curve points), said plainly for the page. */
  notes: s.array(s.string()),
});

export const validationChannels = {
  'validation.list': defineChannel(
    'Stored evaluation reports (model × dataset)',
    empty,
    s.object({ evaluations: s.array(evaluationListItem) }),
  ),
  'validation.report': defineChannel(
    'Discrimination, calibration, thresholds and coverage–risk of one evaluation',
    s.object({ evaluationId: id }),
    validationReport,
  ),
} as const;
