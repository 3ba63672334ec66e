/**
 * The evaluation report as stored and written (report.json): one zod schema shared by its producers
 * (`hilum eval` → writeEvaluationReport / storeEvaluation, `hilum metrics`) and its consumers (the validation,
 * fairness and OOD screens, the report plots). The schema is checked on the JSON form (NaN and ±Infinity already
 * null), before writing and after reading. Sections are `z.object` (extra fields pass, and are dropped on read): a
 * field is listed here when something reads it, so a producer cannot rename what a consumer needs.
 */
import { z } from 'zod';
import type { computeMetricsReport } from '../metrics/report/computeMetricsReport';

const nullableNumber = z.number().nullable();

/** A metric with its bootstrap interval (src-core/metrics/report/jsonEstimate.ts): value null comes with a reason. */
export const estimateSchema = z.object({
  value: nullableNumber,
  ci95: z.tuple([nullableNumber, nullableNumber]).optional(),
  reason: z.string().optional(),
  undefinedResamples: z.number().optional(),
});

const reliabilityBinSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number(),
  // Empty bins have no mean: null in the JSON.
  meanConfidence: nullableNumber,
  observedFrequency: nullableNumber,
});

const calibrationSnapshotSchema = z.object({ ece: estimateSchema });

/** An oracle threshold chosen on the evaluated cases, or, when undefined, an estimate with its reason. */
const thresholdChoiceSchema = z.object({
  threshold: z.number().optional(),
  sensitivity: nullableNumber.optional(),
  specificity: nullableNumber.optional(),
  reason: z.string().optional(),
});

const subgroupTableSchema = z.object({
  groups: z.array(estimateSchema.extend({ attribute: z.string(), group: z.string(), cases: z.number(), positives: z.number().optional() })),
  gaps: z.array(estimateSchema.extend({ attribute: z.string(), best: z.string(), worst: z.string(), groupsCompared: z.number() })),
});

const subgroupReportSchema = z.object({
  attributes: z.array(z.string()),
  macroAuroc: subgroupTableSchema,
  underdiagnosisRate: subgroupTableSchema,
  perLabel: z.record(z.string(), z.object({ auroc: subgroupTableSchema, sensitivity: subgroupTableSchema })),
});

/** The `hilum metrics` report (computeMetricsReport), stored on its own or as `metrics` inside a `hilum eval` report. */
export const metricsReportSchema = z
  .object({
    cases: z.number(),
    labels: z.array(z.string()),
    scoreKind: z.enum(['logits', 'probabilities']),
    bootstrap: z.object({ resampling: z.string(), resamples: z.number() }),
    perLabel: z.record(
      z.string(),
      z.object({
        cases: z.number(),
        positives: z.number(),
        negatives: z.number(),
        auroc: estimateSchema,
        auprc: estimateSchema,
        brier: estimateSchema,
      }),
    ),
    macro: z.object({ auroc: estimateSchema, auprc: estimateSchema }),
    calibration: z.object({
      perLabel: z.record(z.string(), z.object({ equalWidth: z.object({ bins: z.array(reliabilityBinSchema) }) })),
      temperatureScaling: z.object({
        note: z.string().optional(),
        perLabel: z.record(
          z.string(),
          z.object({ temperature: estimateSchema, before: calibrationSnapshotSchema, after: calibrationSnapshotSchema }),
        ),
      }),
    }),
    thresholds: z.object({
      maxF1: z.record(z.string(), thresholdChoiceSchema),
      maxYouden: z.record(z.string(), thresholdChoiceSchema),
      sensitivity90: z.record(z.string(), thresholdChoiceSchema),
    }),
    selectivePrediction: z.object({
      loss: z.string(),
      aurc: nullableNumber.optional(),
      curve: z.array(z.object({ coverage: z.number(), risk: z.number() })).optional(),
    }),
    subgroups: z.union([subgroupReportSchema, z.object({ reason: z.string() })]),
  })
  // Every label has its entry in each per-label table, so a reader can index them by label without checking again.
  .superRefine((report, ctx) => {
    const tables: Array<[string, Record<string, unknown>]> = [
      ['perLabel', report.perLabel],
      ['calibration.perLabel', report.calibration.perLabel],
      ['calibration.temperatureScaling.perLabel', report.calibration.temperatureScaling.perLabel],
      ['thresholds.maxF1', report.thresholds.maxF1],
      ['thresholds.maxYouden', report.thresholds.maxYouden],
      ['thresholds.sensitivity90', report.thresholds.sensitivity90],
    ];
    for (const label of report.labels) {
      for (const [name, table] of tables) {
        if (!(label in table))
          ctx.addIssue({ code: 'custom', path: [...name.split('.'), label], message: `an entry for label "${label}"`, input: undefined });
      }
    }
  });

/** One detector's result on one OOD set (bootstrapOodEvaluation). */
const oodDetectorResultSchema = z.object({
  idCases: z.number(),
  oodCases: z.number(),
  auroc: estimateSchema,
  fprAt95Tpr: estimateSchema,
  thresholdAt95Tpr: nullableNumber.optional(),
});

/**
 * Every detector's per-image score on each scored set ('in-distribution', 'near', 'far'), for the histograms and the
 * fraction each threshold flags. Stored as arrays (9 significant digits, src-main/evaluation/oodScoresSection.ts), not
 * binned: the page bins all sets of a detector on shared edges and counts flags at any threshold, and a check can
 * recompute each image's score. About 11.4 bytes per score (measured): 25,000 test images × 5 detectors ≈ 1.4 MB of JSON.
 * A non-finite score is null (JSON form). Absent in evaluations stored before scores were recorded.
 */
export const oodScoresSchema = z.object({
  precision: z.string(),
  sets: z.array(z.object({ name: z.string(), cases: z.number(), detectors: z.record(z.string(), z.array(nullableNumber)) })),
});

/** The evaluated model's own operating thresholds per detector (a bundle's ood.json), with where they came from. */
export const oodOperatingThresholdsSchema = z.object({ source: z.string(), thresholds: z.record(z.string(), z.number()) });

export const oodSectionSchema = z.object({
  inDistribution: z.string().optional(),
  definitions: z.record(z.string(), z.string()).optional(),
  scores: oodScoresSchema.optional(),
  operatingThresholds: oodOperatingThresholdsSchema.optional(),
  sets: z.array(
    z.object({
      name: z.string(),
      source: z.string(),
      cases: z.number(),
      rejected: nullableNumber.optional(),
      detectors: z.record(z.string(), oodDetectorResultSchema),
    }),
  ),
});

/** ECE, Brier and NLL of one set of probabilities, or why they are undefined (src-main/evaluation/calibrationBeforeAfter.ts). */
const calibrationScoresSchema = z.union([
  z.object({ ece: nullableNumber, brier: nullableNumber, nll: nullableNumber }),
  z.object({ undefined: z.string() }),
]);

/** The eval report's `calibration` section: per label at the test set's prevalence and, with a prior shift, at the deployment prevalence. */
export const evaluationCalibrationSchema = z.union([
  z.object({
    temperatures: z.record(z.string(), z.number()),
    testSet: z.record(
      z.string(),
      z.object({
        temperature: z.number(),
        // Optional: evaluations stored before deployment-prevalence calibration did not record it.
        testSetPrevalence: nullableNumber.optional(),
        before: calibrationScoresSchema,
        after: calibrationScoresSchema,
        priorOffset: z.number().optional(),
        afterPriorShift: calibrationScoresSchema.optional(),
        atDeploymentPrevalence: z
          .object({ prevalence: z.number(), afterTemperature: calibrationScoresSchema, afterPriorShift: calibrationScoresSchema })
          .optional(),
      }),
    ),
    ensemble: z.string().optional(),
    priorShift: z.string().optional(),
    deploymentWeighting: z.string().optional(),
  }),
  z.object({ reason: z.string() }),
]);

/** The `hilum eval` report (runEvaluation): every top-level section is listed, so a new one is declared here first. */
export const evaluationReportSchema = z.object({
  model: z.object({ kind: z.string(), ref: z.string() }),
  dataset: z.object({ name: z.string(), split: z.string(), images: z.number(), patients: z.number() }),
  predictions: z.string(),
  metrics: metricsReportSchema,
  // Shaped by scoreEvaluation; no consumer reads operatingPoints field by field yet, so it is not constrained here.
  operatingPoints: z.unknown().optional(),
  calibration: evaluationCalibrationSchema.optional(),
  ood: oodSectionSchema,
});

/** What a producer may write (numbers may still be NaN: the JSON form turns them into null before the check). */
export type EvaluationReport = z.input<typeof evaluationReportSchema>;
export type MetricsReportJson = z.output<typeof metricsReportSchema>;
export type EvaluationReportJson = z.output<typeof evaluationReportSchema>;
export type EstimateJson = z.output<typeof estimateSchema>;
export type OodSectionJson = z.output<typeof oodSectionSchema>;
export type OodScoresJson = z.output<typeof oodScoresSchema>;

/** Fails to compile when computeMetricsReport's output no longer fits what the readers parse. */
type Fits<Produced extends Expected, Expected> = Produced;
export type MetricsReportProduced = Fits<ReturnType<typeof computeMetricsReport>, z.input<typeof metricsReportSchema>>;
