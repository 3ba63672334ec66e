/** Maps a stored `hilum metrics` report onto the validation.report response. */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { EvaluationReader, metricsReportOf } from './readEvaluationReport';

type Report = ResponseOf<'validation.report'>;
const thresholdRules = [
  ['maxYouden', 'max Youden J'],
  ['maxF1', 'max F1'],
  ['sensitivity90', 'sensitivity ≥ 0.90'],
] as const;

export function toValidationReport(evaluationId: string, modelId: string, dataset: string, document: unknown): Report {
  const r = new EvaluationReader(evaluationId);
  const doc = r.object(metricsReportOf(document), 'report');
  const labels = r.array(doc.labels, 'labels').map((l, i) => r.string(l, `labels[${i}]`));
  const perLabel = r.object(doc.perLabel, 'perLabel');
  const calibration = r.object(doc.calibration, 'calibration');
  const calibrationPer = r.object(calibration.perLabel, 'calibration.perLabel');
  const scaling = r.object(
    r.object(calibration.temperatureScaling, 'calibration.temperatureScaling').perLabel,
    'calibration.temperatureScaling.perLabel',
  );
  const thresholds = r.object(doc.thresholds, 'thresholds');
  const bootstrap = r.object(doc.bootstrap, 'bootstrap');
  const macro = r.object(doc.macro, 'macro');
  const selective = r.object(doc.selectivePrediction, 'selectivePrediction');
  const curvePoints =
    selective.curve === undefined
      ? []
      : r.array(selective.curve, 'selectivePrediction.curve').map((p, i) => r.object(p, `selectivePrediction.curve[${i}]`));

  return {
    evaluationId,
    modelId,
    dataset,
    cases: r.number(doc.cases, 'cases'),
    scoreKind: r.string(doc.scoreKind, 'scoreKind'),
    resampling: r.string(bootstrap.resampling, 'bootstrap.resampling'),
    resamples: r.number(bootstrap.resamples, 'bootstrap.resamples'),
    macroAuroc: r.estimate(macro.auroc, 'macro.auroc'),
    macroAuprc: r.estimate(macro.auprc, 'macro.auprc'),
    labels: labels.map((label) => {
      const p = r.object(perLabel[label], `perLabel.${label}`);
      const equalWidth = r.object(
        r.object(calibrationPer[label], `calibration.perLabel.${label}`).equalWidth,
        `calibration.perLabel.${label}.equalWidth`,
      );
      const scaled = r.object(scaling[label], `calibration.temperatureScaling.perLabel.${label}`);
      return {
        label,
        cases: r.number(p.cases, `perLabel.${label}.cases`),
        positives: r.number(p.positives, `perLabel.${label}.positives`),
        negatives: r.number(p.negatives, `perLabel.${label}.negatives`),
        auroc: r.estimate(p.auroc, `perLabel.${label}.auroc`),
        auprc: r.estimate(p.auprc, `perLabel.${label}.auprc`),
        brier: r.estimate(p.brier, `perLabel.${label}.brier`),
        // Empty bins have no mean (null in the JSON): they are left out of the diagram.
        reliability: r.array(equalWidth.bins, `calibration.perLabel.${label}.equalWidth.bins`).flatMap((b, i) => {
          const bin = r.object(b, `…${label}.equalWidth.bins[${i}]`);
          const count = r.number(bin.count, 'bin.count');
          if (count === 0) return [];
          return [
            {
              lower: r.number(bin.lower, 'bin.lower'),
              upper: r.number(bin.upper, 'bin.upper'),
              meanPredicted: r.number(bin.meanConfidence, 'bin.meanConfidence'),
              observed: r.number(bin.observedFrequency, 'bin.observedFrequency'),
              count,
            },
          ];
        }),
        temperature: r.estimate(scaled.temperature, `…${label}.temperature`).value,
        eceBefore: r.estimate(r.object(scaled.before, `…${label}.before`).ece, `…${label}.before.ece`).value,
        eceAfter: r.estimate(r.object(scaled.after, `…${label}.after`).ece, `…${label}.after.ece`).value,
        thresholds: thresholdRules.map(([key, rule]) => {
          const choice = r.object(r.object(thresholds[key], `thresholds.${key}`)[label], `thresholds.${key}.${label}`);
          if (typeof choice.threshold !== 'number')
            return {
              rule,
              threshold: null,
              sensitivity: null,
              specificity: null,
              reason: typeof choice.reason === 'string' ? choice.reason : 'undefined',
            };
          return {
            rule,
            threshold: choice.threshold,
            sensitivity: r.numberOrNull(choice.sensitivity, 'sensitivity'),
            specificity: r.numberOrNull(choice.specificity, 'specificity'),
            reason: null,
          };
        }),
      };
    }),
    coverageRisk: {
      points: { x: curvePoints.map((p) => r.number(p.coverage, 'coverage')), y: curvePoints.map((p) => r.number(p.risk, 'risk')) },
      aurc: r.numberOrNull(selective.aurc, 'selectivePrediction.aurc'),
    },
    notes: [
      'ROC and precision–recall curve points are not part of the stored report: AUROC and AUPRC are shown with their 95 % bootstrap intervals.',
      'The reliability diagram after temperature scaling is not stored; ECE before and after scaling is.',
      ...(typeof r.object(calibration.temperatureScaling, 't').note === 'string'
        ? [String(r.object(calibration.temperatureScaling, 't').note)]
        : []),
    ],
  };
}
