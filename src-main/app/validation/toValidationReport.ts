/** Maps a stored `hilum metrics` report (alone or inside a `hilum eval` report) onto the validation.report response. */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import type { MetricsReportJson } from '../../../src-core/contracts/evaluationReport';
import { estimateView, readEvaluationReport } from './readEvaluationReport';

type Report = ResponseOf<'validation.report'>;
const thresholdRules = [
  ['maxYouden', 'max Youden J'],
  ['maxF1', 'max F1'],
  ['sensitivity90', 'sensitivity ≥ 0.90'],
] as const;

export function toValidationReport(evaluationId: string, modelId: string, dataset: string, document: unknown): Report {
  const doc = readEvaluationReport(evaluationId, document).metrics;
  const selective = doc.selectivePrediction;
  const curvePoints = selective.curve ?? [];
  const note = doc.calibration.temperatureScaling.note;
  return {
    evaluationId,
    modelId,
    dataset,
    cases: doc.cases,
    scoreKind: doc.scoreKind,
    resampling: doc.bootstrap.resampling,
    resamples: doc.bootstrap.resamples,
    macroAuroc: estimateView(doc.macro.auroc),
    macroAuprc: estimateView(doc.macro.auprc),
    labels: doc.labels.map((label) => labelRow(doc, label)),
    coverageRisk: {
      points: { x: curvePoints.map((p) => p.coverage), y: curvePoints.map((p) => p.risk) },
      aurc: selective.aurc ?? null,
      loss: selective.loss,
    },
    notes: [
      'ROC and precision–recall curves with bootstrap bands, the reliability diagram after temperature scaling and the confident errors are computed from the stored per-image outputs (validation.charts, a worker job) when the evaluation has them (`hilum eval`); a `hilum metrics` report holds only the summary figures.',
      ...(note === undefined ? [] : [note]),
    ],
  };
}

// The schema guarantees every label has its entry in each per-label table (metricsReportSchema's refinement).
function labelRow(doc: MetricsReportJson, label: string): Report['labels'][number] {
  const p = doc.perLabel[label]!;
  const scaled = doc.calibration.temperatureScaling.perLabel[label]!;
  return {
    label,
    cases: p.cases,
    positives: p.positives,
    negatives: p.negatives,
    auroc: estimateView(p.auroc),
    auprc: estimateView(p.auprc),
    brier: estimateView(p.brier),
    // Empty bins have no mean (null in the JSON): they are left out of the diagram.
    reliability: doc.calibration.perLabel[label]!.equalWidth.bins.flatMap((bin) =>
      bin.count === 0 || bin.meanConfidence === null || bin.observedFrequency === null
        ? []
        : [{ lower: bin.lower, upper: bin.upper, meanPredicted: bin.meanConfidence, observed: bin.observedFrequency, count: bin.count }],
    ),
    temperature: scaled.temperature.value,
    eceBefore: scaled.before.ece.value,
    eceAfter: scaled.after.ece.value,
    thresholds: thresholdRules.map(([key, rule]) => {
      const choice = doc.thresholds[key][label]!;
      return choice.threshold === undefined
        ? { rule, threshold: null, sensitivity: null, specificity: null, reason: choice.reason ?? 'undefined' }
        : {
            rule,
            threshold: choice.threshold,
            sensitivity: choice.sensitivity ?? null,
            specificity: choice.specificity ?? null,
            reason: null,
          };
    }),
  };
}
