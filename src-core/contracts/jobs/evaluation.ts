/**
 * `evaluation.charts`: the per-case figures of one stored evaluation that the report does not hold — ROC and PR
 * curves with bootstrap bands, the reliability diagram after temperature scaling, the most confident false positives
 * and false negatives. Computed in a worker (bootstraps over every case). `evaluation.oodHistograms`: histograms of
 * the per-image OOD scores a `hilum eval` report stores, with the fraction each threshold flags.
 */
import { s } from '../../validate';
import { defineJob } from './defineJob';
import { viewerImage } from '../channels/images';

export const curveBandSchema = s.object({
  grid: s.array(s.number()),
  value: s.array(s.number()),
  lower: s.array(s.nullable(s.number())),
  upper: s.array(s.nullable(s.number())),
});
export const reliabilityBinsSchema = s.array(s.object({ meanConfidence: s.number(), observedFrequency: s.number(), count: s.number() }));
export const reliabilityAfterSchema = s.object({ temperature: s.number(), ece: s.nullable(s.number()), bins: reliabilityBinsSchema });
export const oodHistogramFields = {
  detector: s.string(),
  centres: s.array(s.number()),
  width: s.number(),
  clipped: s.boolean(),
  sets: s.array(s.object({ name: s.string(), cases: s.number(), note: s.string(), density: s.array(s.number()) })),
};
/** A threshold drawn on a detector's histogram and the fraction of each set at or above it (above it, when not inclusive). */
export const oodThresholdFields = {
  name: s.string(),
  /** 'operating': the model's own threshold (bundle ood.json); 'tpr95': the threshold that flags 95 % of one OOD set. */
  kind: s.enumOf(['operating', 'tpr95'] as const),
  /** The OOD set a 95 %-TPR threshold was chosen on; null for the operating threshold. */
  set: s.nullable(s.string()),
  value: s.number(),
  inclusive: s.boolean(),
  flagged: s.array(s.object({ set: s.string(), cases: s.number(), fraction: s.nullable(s.number()) })),
};
const estimateRow = s.object({
  value: s.nullable(s.number()),
  low: s.nullable(s.number()),
  high: s.nullable(s.number()),
  reason: s.nullable(s.string()),
});
export const pairedRowSchema = s.object({
  name: s.string(),
  a: estimateRow,
  b: estimateRow,
  difference: estimateRow,
  pValue: s.nullable(s.number()),
  delongPValue: s.nullable(s.number()),
  delongReason: s.nullable(s.string()),
});
/** One label's curves and diagram (the app's channel adds the cases behind the confident errors). */
export const labelChartFields = {
  name: s.string(),
  positives: s.number(),
  negatives: s.number(),
  roc: curveBandSchema,
  pr: curveBandSchema,
  resamples: s.number(),
  skippedResamples: s.number(),
  reliabilityAfter: s.nullable(reliabilityAfterSchema),
};
/** One cached image as 8-bit grey, row-major (base64), or why it could not be read. */
export const caseImageFields = { width: s.number(), height: s.number(), greyBase64: s.string(), error: s.nullable(s.string()) };
const caseImageSchema = s.object(caseImageFields);
const ranked = s.array(s.object({ index: s.number(), probability: s.number() }));

export const evaluationJobs = {
  'evaluation.charts': defineJob(
    'ROC/PR curves with bootstrap bands, reliability after scaling and confident errors of stored outputs',
    s.object({
      /** Raw logits, one column per label, one entry per evaluated case. */
      labels: s.array(
        s.object({
          name: s.string(),
          logits: s.array(s.number()),
          /** 1 / 0, null where the label is unknown. */
          targets: s.array(s.nullable(s.number())),
          /** The report's temperature for this label (fitted on validation); null when not fitted. */
          temperature: s.nullable(s.number()),
          /** Decision threshold on the logit (for false positives / negatives); null: 0 (probability 0.5). */
          threshold: s.nullable(s.number()),
        }),
      ),
      /** Patient of each case: the bootstrap resamples patients whole. */
      clusters: s.nullable(s.array(s.string())),
      resamples: s.number(),
      seed: s.number(),
      /** Equal-width reliability bins (as many as the report's diagram before scaling). */
      reliabilityBins: s.number(),
      /** How many false positives and false negatives to list per label. */
      topErrors: s.number(),
    }),
    s.object({
      labels: s.array(s.object({ ...labelChartFields, falsePositives: ranked, falseNegatives: ranked })),
    }),
  ),
  'evaluation.oodHistograms': defineJob(
    "OOD score histograms of a stored evaluation's per-image scores (every detector, every set, shared bins) and the fraction each threshold flags",
    s.object({
      detectors: s.array(
        s.object({
          detector: s.string(),
          /** Per set its stored scores (null: not finite, skipped). */
          sets: s.array(s.object({ name: s.string(), scores: s.array(s.nullable(s.number())) })),
          thresholds: s.array(
            s.object({
              name: s.string(),
              kind: oodThresholdFields.kind,
              set: s.nullable(s.string()),
              value: s.number(),
              inclusive: s.boolean(),
            }),
          ),
        }),
      ),
    }),
    s.object({ histograms: s.array(s.object({ ...oodHistogramFields, thresholds: s.array(s.object(oodThresholdFields)) })) }),
  ),
  'evaluation.casePixels': defineJob(
    "Decodes an evaluated case's original file for the viewer: DICOM as images.viewerPixels does, PNG/JPEG as luminance",
    s.object({ file: s.string(), studyId: s.string(), maxDimension: s.optional(s.number({ integer: true, min: 16, max: 8192 })) }),
    viewerImage,
  ),
  'evaluation.compare': defineJob(
    'Paired comparison of two models on the same cases (DeLong and patient-clustered paired bootstrap), as `hilum compare`',
    s.object({
      labelNames: s.array(s.string()),
      /** Raw logits per label (AUROC depends only on the ranking). */
      scoresA: s.array(s.array(s.number())),
      scoresB: s.array(s.array(s.number())),
      /** 1 / 0 per case and label; null where unknown. */
      targets: s.array(s.array(s.nullable(s.number()))),
      clusters: s.array(s.string()),
      resamples: s.number({ integer: true, min: 1000 }),
      seed: s.number(),
    }),
    s.object({ cases: s.number(), labels: s.array(pairedRowSchema), macro: s.nullable(pairedRowSchema) }),
  ),
  'evaluation.caseImages': defineJob(
    'Dataset images as the model saw them (the pixel cache), min–max scaled to 8-bit grey for the error gallery',
    s.object({ cacheDir: s.string(), cacheKeys: s.array(s.string()) }),
    s.object({ images: s.array(caseImageSchema) }),
  ),
} as const;
