/**
 * Validation channels over the stored evaluation reports (governance `model_metrics`, kind `evaluation`:
 * the `hilum metrics` report of one model on one dataset): discrimination with CIs, reliability,
 * temperature scaling, thresholds, coverage–risk.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { curve, empty, id } from './common';
import { caseImageFields, labelChartFields, pairedRowSchema } from '../jobs/evaluation';
import { viewerImage } from './images';

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
  /** `loss`: what risk means (the report's selectivePrediction.loss), null when not stored. */
  coverageRisk: s.object({ points: curve, aurc: s.nullable(s.number()), loss: s.nullable(s.string()) }),
  /** What the stored report does not hold (e.g. ROC/PR curve points), said plainly for the page. */
  notes: s.array(s.string()),
});

/** A case the model got confidently wrong: the dataset image, its file and patient, the predicted probability. */
const errorCase = s.object({ imageId: s.nullable(s.number()), file: s.string(), patient: s.string(), probability: s.number() });

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
  'validation.charts': defineChannel(
    'Per-image figures of one evaluation: ROC/PR with bootstrap bands, reliability after scaling, confident errors (a worker job)',
    s.object({ evaluationId: id }),
    s.object({
      /** Set when the evaluation holds no per-image outputs (a `hilum metrics` report): nothing else is filled. */
      reason: s.nullable(s.string()),
      evaluation: s.nullable(s.object({ id: s.number(), dataset: s.string(), split: s.string(), cases: s.number() })),
      labels: s.array(s.object({ ...labelChartFields, falsePositives: s.array(errorCase), falseNegatives: s.array(errorCase) })),
    }),
  ),
  'validation.compare': defineChannel(
    'Paired comparison of two evaluations on the same images (ΔAUROC with 95 % CI, paired-bootstrap and DeLong p), as `hilum compare`',
    s.object({ evaluationId: id, otherEvaluationId: id }),
    s.object({
      /** Set when either evaluation has no per-image outputs. */
      reason: s.nullable(s.string()),
      dataset: s.nullable(s.string()),
      cases: s.number(),
      labels: s.array(pairedRowSchema),
      macro: s.nullable(pairedRowSchema),
    }),
  ),
  'validation.caseImages': defineChannel(
    "Images of an evaluation's cases as the model saw them (pixel cache, 8-bit grey), for the error gallery",
    s.object({ evaluationId: id, imageIds: s.array(s.number({ integer: true }), { maxItems: 64 }) }),
    s.object({ images: s.array(s.object({ imageId: s.number(), ...caseImageFields })) }),
  ),
  'validation.caseOriginal': defineChannel(
    "Whether the original file of an evaluated case is still where the dataset recorded it, for the error gallery's viewer",
    s.object({ evaluationId: id, imageId: s.number({ integer: true }) }),
    s.object({
      /** Relative to the dataset root, as recorded at import. */
      file: s.string(),
      /** Pass to the viewer (validation.casePixels); null when the original cannot be opened. */
      studyId: s.nullable(id),
      format: s.nullable(s.enumOf(['dicom', 'png', 'jpeg'] as const)),
      /** Why the original cannot be opened (moved, deleted, another format); null when it can. */
      reason: s.nullable(s.string()),
    }),
  ),
  'validation.casePixels': defineChannel(
    "Decoded pixels of an evaluated case's original file (DICOM, PNG or JPEG) for the viewer, as images.pixels answers a study",
    s.object({ studyId: id, fullResolution: s.optional(s.boolean()) }),
    viewerImage,
  ),
} as const;
