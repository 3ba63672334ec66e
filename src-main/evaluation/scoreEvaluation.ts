/**
 * The in-distribution part of an evaluation: the metrics report (patient-clustered bootstrap CIs) on what the
 * model serves as logits, calibration before / after temperature (and label shift, at the test-set and at the
 * deployment prevalence), and the operating points at a bundle's own thresholds, raw and as served.
 */
import { computeMetricsReport } from '../../src-core/metrics/report/computeMetricsReport';
import { servedOperatingPoints } from '../../src-core/metrics/served/servedOperatingPoints';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import type { SplitRecords } from '../datasets/loadSplitRecords';
import { calibrationBeforeAfter, DEPLOYMENT_WEIGHTING } from './calibrationBeforeAfter';
import { groupTable, labelTable, predictionTable } from './metricsTables';
import type { EvalModel } from './resolveEvalModel';
import { servedDecisions } from './servedDecisions';

export interface ScoringInput {
  model: EvalModel;
  labels: { names: string[]; columns: Float64Array[] };
  records: SplitRecords;
  outputs: ModelOutputs;
  setName: string;
  bootstrap: { resamples: number; seed: number };
}

function calibrationSection({ model, labels, outputs }: ScoringInput, temperatures: number[]) {
  if (!model.temperatures)
    return {
      reason:
        'no temperatures known for this model (only bundles carry validation-fitted temperatures): predictions are uncalibrated logits',
    };
  const byLabel = Object.fromEntries(labels.names.map((n, l) => [n, temperatures[l]!]));
  const shift = model.priorOffsets ? { offsets: model.priorOffsets, targets: model.priorTargets ?? {} } : null;
  return {
    temperatures: byLabel,
    testSet: calibrationBeforeAfter(labels.names, outputs.logitColumns, labels.columns, byLabel, shift),
    ...(model.members
      ? { ensemble: 'each member calibrated by its own temperatures (and offsets) before averaging; T = 1 for the mean' }
      : {}),
    ...(shift
      ? {
          priorShift:
            'the bundle shifts its probabilities to a deployment prevalence: `after` is temperature only, `afterPriorShift` is what it serves; ' +
            'both at the test set’s own prevalence, and again under `atDeploymentPrevalence` at the prevalence the bundle targets',
          deploymentWeighting: DEPLOYMENT_WEIGHTING,
        }
      : {}),
  };
}

function operatingPointsSection({ model, labels, outputs, records, bootstrap }: ScoringInput) {
  if (!model.decisions)
    return {
      reason: model.members
        ? 'an ensemble has no decision rules of its own (thresholds, abstention and OOD were fitted per member, not for the mean)'
        : 'only a bundle has decision rules (thresholds, abstention, OOD): bundle the run (`hilum bundle --run`) to evaluate it as served',
    };
  // The bundle's own calibration, prior shift included: its thresholds were fitted on those probabilities.
  const served = servedDecisions({ labels: { labels: labels.names }, ...model.decisions }, outputs, records.modalities);
  return servedOperatingPoints({
    labelNames: labels.names,
    probabilities: served.probabilities,
    labels: labels.columns,
    thresholds: served.thresholds,
    abstained: served.abstained,
    oodFlagged: served.oodFlagged,
    attributes: records.attributes,
    bootstrap: { ...bootstrap, clusters: records.patients },
  });
}

export function scoreEvaluation(input: ScoringInput) {
  const { model, labels, records, outputs } = input;
  const temperatures = labels.names.map((name) => model.temperatures?.[name] ?? 1);
  const offsets = labels.names.map((name) => model.priorOffsets?.[name] ?? 0);
  // What the bundle serves, as logits: z / T (+ the label-shift offset when the bundle has a prior shift).
  const calibrated = outputs.logitColumns.map((column, l) => column.map((z) => z / temperatures[l]! + offsets[l]!));
  const ids = records.imageIds.map(String);
  const metrics = computeMetricsReport({
    predictions: predictionTable(input.setName, ids, labels.names, calibrated),
    labels: labelTable(input.setName, ids, labels.names, labels.columns),
    groups: groupTable(input.setName, ids, records.patients, records.attributes),
    logits: true,
    clusters: 'patient',
    bootstrap: input.bootstrap,
  });
  const predictions = model.members
    ? 'mean of the ensemble members’ calibrated logits'
    : model.temperatures
      ? `logits divided by the bundle's per-label temperatures${model.priorOffsets ? ', plus its label-shift offsets' : ''}`
      : 'raw logits (uncalibrated)';
  return { metrics, predictions, calibration: calibrationSection(input, temperatures), operatingPoints: operatingPointsSection(input) };
}
