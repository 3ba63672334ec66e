/** `hilum metrics` as a pure function: parsed prediction / label / group tables → the metrics report JSON object. */
import type { CsvTable } from '../../csv/parseCsv';
import { HilumError } from '../../errors';
import { compareCalibration, type CalibrationSnapshot } from '../calibration/compareCalibration';
import { computeCalibration } from '../calibration/computeCalibration';
import { confusionAtThreshold } from '../discrimination/confusionAtThreshold';
import { summarizeDiscrimination, tryMetric } from '../discrimination/summarizeDiscrimination';
import { logit, sigmoid } from '../math/sigmoid';
import { selectThreshold, type ThresholdCriterion } from '../thresholds/selectThresholds';
import { bootstrapDiscrimination } from './bootstrapDiscrimination';
import { joinMetricsTables } from './joinMetricsTables';
import { jsonEstimate, jsonSafe } from './jsonEstimate';
import { selectiveSection } from './selectiveSection';
import { subgroupSection } from './subgroupSection';

export interface MetricsReportInput {
  predictions: CsvTable;
  labels: CsvTable;
  groups?: CsvTable;
  /** Prediction values are logits (σ is applied for probabilities); otherwise probabilities in [0, 1]. */
  logits?: boolean;
  /** At least 1,000 resamples. */
  bootstrap: { resamples: number; seed: number };
  /**
   * Resample patients, not images: either the name of the groups-table column holding the patient id
   * (that column is then not a subgroup attribute), or one patient id per predictions-file row.
   */
  clusters?: string | readonly string[];
  /** Decision threshold for operating-point metrics, selective prediction and underdiagnosis (default 0.5). */
  threshold?: number;
  /** Number of calibration bins (default 15). */
  calibrationBins?: number;
}

export const MIN_RESAMPLES = 1000;

export function computeMetricsReport(input: MetricsReportInput) {
  const { resamples, seed } = input.bootstrap;
  if (!Number.isInteger(resamples) || resamples < MIN_RESAMPLES) {
    throw new HilumError('INVALID_ARGUMENT', `bootstrap resamples must be an integer ≥ ${MIN_RESAMPLES}, got ${resamples}`);
  }
  const logits = input.logits ?? false;
  const clusterColumn = typeof input.clusters === 'string' ? input.clusters : undefined;
  const joined = joinMetricsTables(input.predictions, input.labels, input.groups, { logits, clusterColumn });
  if (Array.isArray(input.clusters)) {
    if (input.clusters.length !== joined.ids.length) {
      throw new HilumError(
        'INVALID_ARGUMENT',
        `${input.clusters.length} cluster ids for ${joined.ids.length} rows of ${input.predictions.file}`,
      );
    }
    joined.clusters = [...input.clusters];
  }
  const { labelNames, scores, labels } = joined;
  const probabilities = logits ? scores.map((z) => z.map(sigmoid)) : scores;
  const logitColumns = logits ? scores : scores.map((p) => p.map((v) => logit(v)));
  const threshold = input.threshold ?? 0.5;
  const bins = input.calibrationBins ?? 15;
  const thresholds = labelNames.map(() => threshold);
  const options = { resamples, seed, clusters: joined.clusters };

  const plain = summarizeDiscrimination(scores, labels);
  const intervals = bootstrapDiscrimination(scores, probabilities, labels, options, bins);
  const perLabel = Object.fromEntries(
    labelNames.map((name, l) => {
      const y = labels[l]!;
      let positives = 0;
      let known = 0;
      for (const v of y) if (!Number.isNaN(v)) (known++, (positives += v));
      const ci = intervals.perLabel[l]!;
      const operating = confusionAtThreshold(probabilities[l]!, y, threshold);
      return [
        name,
        {
          cases: known,
          unknown: y.length - known,
          positives,
          negatives: known - positives,
          auroc: jsonEstimate(ci.auroc, plain.perLabel[l]!.auroc.reason),
          auprc: jsonEstimate(ci.auprc, plain.perLabel[l]!.auprc.reason),
          brier: jsonEstimate(ci.brier, 'no cases with a known label'),
          ece: jsonEstimate(ci.ece, 'no cases with a known label'),
          atThreshold: operating,
        },
      ];
    }),
  );
  const macroAurocExcluded = labelNames.filter((_, l) => !intervals.macro.labelsUsed.auroc.includes(l));
  const macroAuprcExcluded = labelNames.filter((_, l) => !intervals.macro.labelsUsed.auprc.includes(l));

  return jsonSafe({
    cases: joined.ids.length,
    labels: labelNames,
    scoreKind: logits ? ('logits' as const) : ('probabilities' as const),
    bootstrap: {
      resamples,
      seed,
      method: 'percentile',
      resampling: joined.clusters
        ? clusterColumn
          ? `clusters (column '${clusterColumn}')`
          : 'clusters (ids given by the caller)'
        : 'images',
      clusters: joined.clusters ? new Set(joined.clusters).size : joined.ids.length,
    },
    definitions: {
      auroc: 'Mann–Whitney AUROC, tied scores count ½ (midranks); unknown labels excluded per label',
      auprc: 'average precision as scikit-learn average_precision_score (step-wise, no interpolation)',
      brier: 'mean (p − y)² over known labels',
      ece: `expected calibration error of p (positive class), ${bins} equal-width bins; equal-mass in calibration.perLabel`,
      macro: 'unweighted mean over labels defined on these cases; a resample where one of them is undefined is dropped and counted',
      micro: 'all known (case, label) pairs pooled',
      ci95: '2.5th and 97.5th percentiles of the bootstrap distribution (numpy linear interpolation)',
      atThreshold: `positive when p ≥ ${threshold}`,
    },
    perLabel,
    macro: {
      auroc: { ...jsonEstimate(intervals.macro.auroc, 'AUROC is undefined for every label'), excludedLabels: macroAurocExcluded },
      auprc: { ...jsonEstimate(intervals.macro.auprc, 'AUPRC is undefined for every label'), excludedLabels: macroAuprcExcluded },
    },
    micro: {
      auroc: jsonEstimate(intervals.micro.auroc, plain.micro.auroc.reason),
      auprc: jsonEstimate(intervals.micro.auprc, plain.micro.auprc.reason),
    },
    calibration: calibrationSection(labelNames, probabilities, logitColumns, labels, bins, logits),
    thresholds: thresholdSection(labelNames, probabilities, labels),
    selectivePrediction: selectiveSection(probabilities, labels, thresholds),
    subgroups:
      Object.keys(joined.attributes).length > 0
        ? subgroupSection(labelNames, scores, probabilities, labels, joined.attributes, thresholds, options)
        : { reason: 'no groups file given' },
  });
}

function calibrationSection(
  labelNames: string[],
  probabilities: Float64Array[],
  logitColumns: Float64Array[],
  labels: Float64Array[],
  bins: number,
  fromLogits: boolean,
) {
  const per = labelNames.map((_, l) => ({
    equalWidth: tryCalibration(probabilities[l]!, labels[l]!, bins, 'equalWidth'),
    equalMass: tryCalibration(probabilities[l]!, labels[l]!, bins, 'equalMass'),
  }));
  const macro = (key: 'equalWidth' | 'equalMass') => {
    const values = per.map((p) => p[key].ece).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return values.length > 0
      ? { value: values.reduce((a, b) => a + b, 0) / values.length, labelsUsed: values.length }
      : { value: null, reason: 'ECE undefined for every label' };
  };
  const fit = { logits: logitColumns, labels };
  const snapshot = (s: CalibrationSnapshot) => ({
    ece: jsonEstimate(s.ece),
    mce: jsonEstimate(s.mce),
    brier: jsonEstimate(s.brier),
    nll: jsonEstimate(s.nll),
  });
  const scaling = (mode: 'perLabel' | 'global') => {
    const c = compareCalibration(fit, fit, mode, { bins });
    return Object.fromEntries(
      labelNames.map((name, l) => [
        name,
        { temperature: jsonEstimate(c.temperatures[l]!), before: snapshot(c.before[l]!), after: snapshot(c.after[l]!) },
      ]),
    );
  };
  return {
    bins,
    perLabel: Object.fromEntries(labelNames.map((name, l) => [name, per[l]!])),
    macroEce: { equalWidth: macro('equalWidth'), equalMass: macro('equalMass') },
    temperatureScaling: {
      note: `fitted on these same cases (in-sample): fit on validation and freeze before reporting test metrics${fromLogits ? '' : '; logits recovered as logit(p), p clipped to [2⁻⁵², 1 − 2⁻⁵²]'}`,
      perLabel: scaling('perLabel'),
      global: scaling('global'),
    },
  };
}

function tryCalibration(p: Float64Array, y: Float64Array, bins: number, strategy: 'equalWidth' | 'equalMass') {
  const ece = tryMetric(() => computeCalibration(p, y, { bins, strategy }).ece);
  if (Number.isNaN(ece.value)) return { ece: null, mce: null, reason: ece.reason, bins: [] };
  const result = computeCalibration(p, y, { bins, strategy });
  return { ece: result.ece, mce: result.mce, bins: result.bins };
}

/** Thresholds the evaluated cases themselves would choose: an oracle, reported in probabilities, never an operating point. */
function thresholdSection(labelNames: string[], scores: Float64Array[], labels: Float64Array[]) {
  // Typed per criterion (not a string-keyed map) so the report fits its shared schema (src-core/contracts/evaluationReport.ts).
  const choose = (criterion: ThresholdCriterion) =>
    Object.fromEntries(
      labelNames.map((name, l) => {
        const value = tryMetric(() => selectThreshold(scores[l]!, labels[l]!, criterion).threshold);
        return [name, Number.isNaN(value.value) ? jsonEstimate(value) : selectThreshold(scores[l]!, labels[l]!, criterion)];
      }),
    );
  return {
    note: "ORACLE: chosen on these same cases (in-sample), so optimistic; a model is judged at thresholds frozen on validation (a bundle's own: see operatingPoints in `hilum eval`)",
    scale: 'probabilities (σ of the prediction values when they are logits)',
    maxF1: choose({ kind: 'maxF1' }),
    maxYouden: choose({ kind: 'maxYouden' }),
    sensitivity90: choose({ kind: 'targetSensitivity', sensitivity: 0.9 }),
  };
}
