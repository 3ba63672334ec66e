/**
 * `hilum eval` as a service: resolve the model (bundle, run, checkpoint), run it in a worker job on the
 * dataset split (and on the near/far OOD sets; weights are exported to ONNX behind the parity gate
 * there), then compute here the metrics report with patient-level bootstrap CIs, calibration before and
 * after the model's temperatures, the operating points at the bundle's own thresholds raw and as served
 * (abstention and OOD included), and OOD detection; store the per-image outputs and the report, and write
 * the report directory with SVG plots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { toMahalanobisModel } from '../../src-core/bundle';
import type { ParamsOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import { fitMahalanobis, type MahalanobisModel } from '../../src-core/metrics/ood/fitMahalanobis';
import { computeMetricsReport } from '../../src-core/metrics/report/computeMetricsReport';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import { servedOperatingPoints } from '../../src-core/metrics/served/servedOperatingPoints';
import { loadSplitRecords, type SplitRecords } from '../datasets/loadSplitRecords';
import type { JobRunner } from '../runs/trainFromDataset';
import type { Store } from '../store/openStore';
import { calibrationBeforeAfter } from './calibrationBeforeAfter';
import { collectOodSets, type OodInput } from './collectOodSets';
import { loadEvaluationSet, type EvalSplit } from './loadEvaluationSet';
import { groupTable, labelTable, predictionTable } from './metricsTables';
import { oodDetectorScores } from './oodDetectorScores';
import { findSet, readInferredSet } from './readInferredSet';
import { resolveEvalModel, type EvalModel } from './resolveEvalModel';
import { servedDecisions } from './servedDecisions';
import { storeEvaluation } from './storeEvaluation';
import { writeEvaluationReport } from './writeEvaluationReport';

export interface EvaluationRequest {
  model: string;
  configFile?: string;
  dataset: string;
  split: EvalSplit;
  external: boolean;
  reportDir: string;
  resamples: number;
  seed: number;
  /** A stored dataset used whole as near-OOD (e.g. a pediatric set for an adult model). */
  oodNear?: string;
  /** A folder of non-chest DICOMs used as far-OOD. */
  oodFar?: string;
  /** ODIN (needs tfjs input gradients): T (default 1000) and ε (number, or 'auto': chosen on the dataset's validation split). */
  odin?: { temperature?: number; epsilon?: number | 'auto' };
  /** Test-time augmentation as predict serves it (logits averaged over the default rotations and scalings). */
  tta?: boolean;
  onStep?: (step: string, detail: string) => void;
}

type InferSets = ParamsOf<'model.infer'>['sets'];

export async function runEvaluation(store: Store, host: JobRunner, request: EvaluationRequest) {
  const step = request.onStep ?? (() => {});
  const { records, splitName } = loadEvaluationSet(store, request.dataset, request.split, request.external);
  const model = resolveEvalModel(store, request.model, { configFile: request.configFile });
  const labels = alignLabels(model, records);
  const sets: InferSets = [{ name: 'eval', cacheKeys: records.cacheKeys }];
  const near = request.oodNear ? loadSplitRecords(store, request.oodNear, null) : null;
  if (near) sets.push({ name: 'near', cacheKeys: near.cacheKeys });
  if (request.oodFar) sets.push({ name: 'far', folder: request.oodFar });
  const train =
    !model.mahalanobis && !(splitName === 'train' || splitName === 'all' || request.external)
      ? optionalSplit(store, request.dataset, 'train')
      : null;
  if (train) sets.push({ name: 'train', cacheKeys: train.cacheKeys });
  const val =
    request.odin && typeof request.odin.epsilon !== 'number' && !(splitName === 'val' || splitName === 'all' || request.external)
      ? optionalSplit(store, request.dataset, 'val')
      : null;
  if (val) sets.push({ name: 'odin-validation', cacheKeys: val.cacheKeys });

  const outDir = path.join(request.reportDir, 'outputs');
  const job = await host.run(
    'model.infer',
    {
      model: { ...model.job, config: model.job.config },
      preprocessing: model.preprocessing,
      cacheDir: path.join(store.dataDir, 'cache'),
      sets,
      outDir,
      ...(request.tta ? { tta: true } : {}),
      ...(request.odin
        ? {
            odin: {
              temperature: request.odin.temperature ?? 1000,
              epsilon: request.odin.epsilon ?? 'auto',
              ...(val ? { validationSet: 'odin-validation' } : {}),
            },
          }
        : {}),
    },
    { onProgress: (p) => p.message && step('infer', p.message) },
  );
  if (!model.hash) model.hash = job.weightsSha256 ?? '';
  const parity = job.parityMaxAbsDiff;
  step(
    'model',
    `${model.kind} ${model.ref} (hash ${model.hash.slice(0, 16)}…)${parity !== null ? `; ONNX parity max |Δlogit| ${parity.toExponential(2)}` : ''}`,
  );
  const evalSet = readInferredSet(job.sets.find((s) => s.name === 'eval')!);
  const outputs = evalSet.outputs;

  const temperatures = labels.names.map((name) => model.temperatures?.[name] ?? 1);
  const offsets = labels.names.map((name) => model.priorOffsets?.[name] ?? 0);
  // What the bundle serves, as logits: z / T (+ the label-shift offset when the bundle has a prior shift).
  const calibrated = outputs.logitColumns.map((column, l) => column.map((z) => z / temperatures[l]! + offsets[l]!));
  const ids = records.imageIds.map(String);
  const name = `${request.dataset} ${splitName}`;
  const metrics = computeMetricsReport({
    predictions: predictionTable(name, ids, labels.names, calibrated),
    labels: labelTable(name, ids, labels.names, labels.columns),
    groups: groupTable(name, ids, records.patients, records.attributes),
    logits: true,
    clusters: 'patient',
    bootstrap: { resamples: request.resamples, seed: request.seed },
  });
  step('metrics', `bootstrap ${request.resamples} resamples over patients`);
  const calibration = model.temperatures
    ? {
        temperatures: Object.fromEntries(labels.names.map((n, l) => [n, temperatures[l]!])),
        testSet: calibrationBeforeAfter(
          labels.names,
          outputs.logitColumns,
          labels.columns,
          Object.fromEntries(labels.names.map((n, l) => [n, temperatures[l]!])),
          model.priorOffsets,
        ),
        ...(model.priorOffsets
          ? {
              priorShift:
                'the bundle shifts its probabilities to a deployment prevalence: `after` is temperature only, `afterPriorShift` is what it serves',
            }
          : {}),
      }
    : {
        reason:
          'no temperatures known for this model (only bundles carry validation-fitted temperatures): predictions are uncalibrated logits',
      };
  const bootstrap = { resamples: request.resamples, seed: request.seed, clusters: records.patients };
  const operatingPoints = model.decisions
    ? (() => {
        const served = servedDecisions(
          {
            labels: { labels: labels.names },
            calibration: { method: 'temperature', temperatures: model.temperatures! },
            ...model.decisions,
          },
          outputs,
          records.modalities,
        );
        return servedOperatingPoints({
          labelNames: labels.names,
          probabilities: served.probabilities,
          labels: labels.columns,
          thresholds: served.thresholds,
          abstained: served.abstained,
          oodFlagged: served.oodFlagged,
          attributes: records.attributes,
          bootstrap,
        });
      })()
    : {
        reason:
          'only a bundle has decision rules (thresholds, abstention, OOD): bundle the run (`hilum bundle --run`) to evaluate it as served',
      };

  const mahalanobis = mahalanobisFor(
    model,
    train,
    findSet(job.sets, 'train')?.outputs ?? null,
    labels.names,
    request.dataset,
    splitName,
    request.external,
  );
  const idScores = oodDetectorScores(outputs, mahalanobis.model);
  if (evalSet.odin) idScores.odin = evalSet.odin;
  const oodInputs: OodInput[] = [];
  const nearSet = findSet(job.sets, 'near');
  if (nearSet && near) oodInputs.push({ name: 'near', source: `dataset ${request.oodNear}`, set: nearSet, imageIds: near.imageIds });
  const farResult = job.sets.find((s) => s.name === 'far');
  if (farResult)
    oodInputs.push({
      name: 'far',
      source: `folder ${request.oodFar}`,
      set: readInferredSet(farResult),
      imageIds: null,
      far: { files: farResult.files ?? [], rejected: farResult.rejected },
    });
  const ood = collectOodSets(
    { mahalanobis: mahalanobis.model, idScores, bootstrap: { resamples: request.resamples, seed: request.seed } },
    oodInputs,
  );

  const report = {
    model: {
      kind: model.kind,
      ref: model.ref,
      hash: model.hash,
      weightsFile: model.weightsFile,
      trainingRun: model.runId,
      config: model.config,
      onnxParityMaxAbsDiff: parity,
      runtime: 'onnxruntime-node',
      preprocessing: { ...model.preprocessing, source: model.preprocessingSource },
      testTimeAugmentation: request.tta
        ? 'logits averaged over identity, rotations ±5°, scalings 0.95 / 1.05 (as `hilum predict --tta`); features from the unaugmented image'
        : 'none',
    },
    dataset: {
      name: request.dataset,
      split: splitName,
      images: outputs.n,
      patients: new Set(records.patients).size,
      labelsMissingFromDataset: labels.missing,
      cachedSize: records.cachedSize,
      resampled:
        records.cachedSize !== model.config.imageSize
          ? `cached at ${records.cachedSize} px, resampled (bicubic) to the model's ${model.config.imageSize} px`
          : null,
    },
    predictions: model.temperatures
      ? `logits divided by the bundle's per-label temperatures${model.priorOffsets ? ', plus its label-shift offsets' : ''}`
      : 'raw logits (uncalibrated)',
    metrics,
    operatingPoints,
    calibration,
    ood: {
      inDistribution: `${request.dataset} ${splitName} (${outputs.n} images)`,
      mahalanobis: mahalanobis.note,
      bootstrap: {
        resamples: request.resamples,
        seed: request.seed,
        method: 'percentile; in-distribution and OOD cases resampled independently',
      },
      definitions: {
        energy: '−Σ_l log(1+e^{z_l})',
        maxLogit: '−max_l z_l',
        maxProbability: '−max_l σ(z_l)',
        mahalanobis:
          'smallest squared Mahalanobis distance of the pooled features to any label mean (shared covariance, Ledoit–Wolf shrinkage)',
        odin: job.odin
          ? `−max_l σ(z̃_l/T) at x̃ = x − ε·sign(−∇ₓ log σ(z_{l*}/T)), l* = argmax_l z_l; T ${job.odin.temperature}, ε ${job.odin.epsilon} (${job.odin.selection}); gradients in tfjs (${job.odin.backend}), z̃ from ONNX Runtime`
          : 'not computed (pass odin to compute it)',
      },
      sets: ood.sets,
    },
  };
  const files = writeEvaluationReport(request.reportDir, {
    report,
    labelNames: labels.names,
    outputs,
    labelColumns: labels.columns,
    temperatures: model.temperatures ? temperatures : null,
    idScores,
    oodScoreSets: ood.scoreSets,
  });
  const evaluationId = storeEvaluation(store, {
    model,
    dataset: request.dataset,
    split: splitName,
    labelNames: labels.names,
    report,
    reportDir: request.reportDir,
    outputs: [{ role: 'eval', imageIds: records.imageIds, sources: null, outputs }, ...ood.outputs],
  });
  // The job's .npy files are stored in the evaluation rows; the folder would only duplicate them.
  fs.rmSync(outDir, { recursive: true, force: true });
  step('report', `${files.length} files in ${request.reportDir}; evaluation #${evaluationId} stored`);
  return { evaluationId, reportDir: request.reportDir, files, report };
}

function optionalSplit(store: Store, dataset: string, split: string): SplitRecords | null {
  try {
    return loadSplitRecords(store, dataset, split);
  } catch (error) {
    if (error instanceof HilumError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** Bundle label order wins; labels the dataset lacks become unknown (NaN) columns, and are listed. */
function alignLabels(model: EvalModel, records: SplitRecords): { names: string[]; columns: Float64Array[]; missing: string[] } {
  if (!model.labelNames) {
    if (model.config.numClasses !== records.labelNames.length) {
      throw new HilumError(
        'INVALID_ARGUMENT',
        `${model.ref}: the model has ${model.config.numClasses} outputs, the dataset ${records.labelNames.length} labels; without a bundle's labels file the outputs cannot be matched to labels`,
        { file: model.ref },
      );
    }
    return { names: records.labelNames, columns: records.labelColumns, missing: [] };
  }
  const missing: string[] = [];
  const columns = model.labelNames.map((name) => {
    const l = records.labelNames.indexOf(name);
    if (l < 0) {
      missing.push(name);
      return new Float64Array(records.imageIds.length).fill(Number.NaN);
    }
    return records.labelColumns[l]!;
  });
  if (missing.length === model.labelNames.length)
    throw new HilumError(
      'INVALID_ARGUMENT',
      `${model.ref}: none of the model's labels (${model.labelNames.join(', ')}) exist in the dataset`,
      { file: model.ref },
    );
  return { names: model.labelNames, columns, missing };
}

/** The bundle's fitted detector; otherwise fitted here on the dataset's training split (never on the evaluated cases). */
function mahalanobisFor(
  model: EvalModel,
  train: SplitRecords | null,
  trainOutputs: ModelOutputs | null,
  labelNames: string[],
  dataset: string,
  splitName: string,
  external: boolean,
): { model: MahalanobisModel | null; note: string } {
  if (model.mahalanobis)
    return {
      model: toMahalanobisModel(model.mahalanobis),
      note: "the bundle's detector (fitted on training features, threshold on validation)",
    };
  if (splitName === 'train' || splitName === 'all' || external)
    return { model: null, note: 'not computed: no bundle detector, and the training split is not disjoint from the evaluated cases' };
  if (!train || !trainOutputs) return { model: null, note: `not computed: dataset "${dataset}" has no training split to fit it on` };
  const columns = labelNames.map(
    (n) => train.labelColumns[train.labelNames.indexOf(n)] ?? new Float64Array(train.imageIds.length).fill(Number.NaN),
  );
  return {
    model: fitMahalanobis(trainOutputs.features, trainOutputs.width, columns, labelNames),
    note: `fitted here on the ${train.imageIds.length} training-split images of "${dataset}"`,
  };
}
