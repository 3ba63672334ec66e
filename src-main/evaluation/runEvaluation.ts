/**
 * `hilum eval` as a service: resolve the model (bundle, run, checkpoint, or an ensemble of bundles), run it in
 * worker jobs on the dataset split (and on the near/far OOD sets; weights are exported to ONNX behind the parity
 * gate there), then score here: metrics with patient-level bootstrap CIs, calibration, operating points raw and
 * as served (scoreEvaluation), OOD detection (evaluateOod); store the per-image outputs and the report, and write
 * the report directory with SVG plots.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EvaluationReport } from '../../src-core/contracts/evaluationReport';
import type { ParamsOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import { loadSplitRecords, type SplitRecords } from '../datasets/loadSplitRecords';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import type { JobRunner } from '../runs/trainFromDataset';
import type { Store } from '../store/openStore';
import { ENSEMBLE_COMBINATION } from './ensembleEvalModel';
import { evaluateOod } from './evaluateOod';
import { inferEvaluationSets, type InferredSets } from './inferEvaluationSets';
import { loadEvaluationSet, type EvalSplit } from './loadEvaluationSet';
import { oodOperatingThresholds, oodScoresSection } from './oodScoresSection';
import type { EvalModel } from './resolveEvalModel';
import { resolveRequestedModel } from './resolveRequestedModel';
import { scoreEvaluation } from './scoreEvaluation';
import { storeEvaluation } from './storeEvaluation';
import { writeEvaluationReport } from './writeEvaluationReport';

export interface EvaluationRequest {
  /** One model, or several bundles evaluated as an ensemble (mean of their calibrated logits). */
  model: string | string[];
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
  /** Who ran it, for the audit row: the signed-in user (CLI `--as`, app session); the operating-system user when absent. */
  actor?: string;
  onStep?: (step: string, detail: string) => void;
}

type InferSets = ParamsOf<'model.infer'>['sets'];
type Step = (step: string, detail: string) => void;

/** Which image sets the job runs: the evaluated split, OOD sets, and the splits a fitted detector or ODIN's ε needs. */
function planSets(store: Store, request: EvaluationRequest, model: EvalModel, records: SplitRecords, splitName: string) {
  const sets: InferSets = [{ name: 'eval', cacheKeys: records.cacheKeys }];
  const near = request.oodNear ? { name: request.oodNear, records: loadSplitRecords(store, request.oodNear, null) } : null;
  if (near) sets.push({ name: 'near', cacheKeys: near.records.cacheKeys });
  if (request.oodFar) sets.push({ name: 'far', folder: request.oodFar });
  const disjointFromTrain = !(splitName === 'train' || splitName === 'all' || request.external);
  const train = !model.mahalanobis && !model.members && disjointFromTrain ? optionalSplit(store, request.dataset, 'train') : null;
  if (train) sets.push({ name: 'train', cacheKeys: train.cacheKeys });
  const chooseEpsilon =
    request.odin && typeof request.odin.epsilon !== 'number' && !(splitName === 'val' || splitName === 'all' || request.external);
  const val = chooseEpsilon ? optionalSplit(store, request.dataset, 'val') : null;
  if (val) sets.push({ name: 'odin-validation', cacheKeys: val.cacheKeys });
  const odin = request.odin
    ? {
        temperature: request.odin.temperature ?? 1000,
        epsilon: request.odin.epsilon ?? 'auto',
        ...(val ? { validationSet: 'odin-validation' } : {}),
      }
    : undefined;
  return { sets, near, train, odin };
}

export async function runEvaluation(store: Store, host: JobRunner, request: EvaluationRequest) {
  const step: Step = request.onStep ?? (() => {});
  const { records, splitName } = loadEvaluationSet(store, request.dataset, request.split, request.external);
  const model = resolveRequestedModel(store, request.model, request.configFile);
  const labels = alignLabels(model, records);
  const plan = planSets(store, request, model, records, splitName);
  const outDir = path.join(request.reportDir, 'outputs');
  const inferred = await inferEvaluationSets(store, host, model, {
    sets: plan.sets,
    outDir,
    ...(request.tta ? { tta: true } : {}),
    ...(plan.odin ? { odin: plan.odin } : {}),
    onProgress: (message) => step('infer', message),
  });
  if (!model.hash) model.hash = inferred.weightsSha256 ?? '';
  const parity = inferred.parity;
  step(
    'model',
    `${model.kind} ${model.ref} (hash ${model.hash.slice(0, 16)}…)${parity !== null ? `; ONNX parity max |Δlogit| ${parity.toExponential(2)}` : ''}`,
  );
  const evalSet = inferred.read('eval')!;
  const outputs = evalSet.outputs;
  const bootstrap = { resamples: request.resamples, seed: request.seed };
  const scored = scoreEvaluation({ model, labels, records, outputs, setName: `${request.dataset} ${splitName}`, bootstrap });
  step('metrics', `bootstrap ${request.resamples} resamples over patients`);
  const ood = evaluateOod({
    model,
    inferred,
    outputs,
    odinScores: evalSet.odin,
    labelNames: labels.names,
    dataset: request.dataset,
    splitName,
    external: request.external,
    train: plan.train,
    near: plan.near,
    farFolder: request.oodFar,
    bootstrap,
  });
  // `satisfies`: the shared schema checks the literal (no unknown section, no missing field) while callers keep its precise type.
  const report = {
    model: modelSection(model, request, parity),
    dataset: datasetSection(request.dataset, splitName, records, outputs.n, labels.missing, model),
    predictions: scored.predictions,
    metrics: scored.metrics,
    operatingPoints: scored.operatingPoints,
    calibration: scored.calibration,
    ood: oodSection(request, splitName, outputs.n, ood, inferred, model),
  } satisfies EvaluationReport;
  const { files, evaluationId } = persistEvaluation(store, request, { model, splitName, labels, records, outputs, ood, report, outDir });
  step('report', `${files.length} files in ${request.reportDir}; evaluation #${evaluationId} stored`);
  return { evaluationId, reportDir: request.reportDir, files, report };
}

/** Writes the report directory, stores the outputs and the report, and removes the job's scratch folder. */
function persistEvaluation(
  store: Store,
  request: EvaluationRequest,
  e: {
    model: EvalModel;
    splitName: string;
    labels: { names: string[]; columns: Float64Array[] };
    records: SplitRecords;
    outputs: ModelOutputs;
    ood: ReturnType<typeof evaluateOod>;
    report: EvaluationReport;
    outDir: string;
  },
) {
  const { model, splitName, labels, records, outputs, ood, report, outDir } = e;
  const files = writeEvaluationReport(request.reportDir, {
    report,
    labelNames: labels.names,
    outputs,
    labelColumns: labels.columns,
    temperatures: model.temperatures ? labels.names.map((n) => model.temperatures![n] ?? 1) : null,
    idScores: ood.idScores,
    oodScoreSets: ood.ood.scoreSets,
  });
  const evaluationId = storeEvaluation(store, {
    model,
    dataset: request.dataset,
    split: splitName,
    labelNames: labels.names,
    report,
    reportDir: request.reportDir,
    ...(request.actor !== undefined ? { actor: request.actor } : {}),
    outputs: [{ role: 'eval', imageIds: records.imageIds, sources: null, outputs }, ...ood.ood.outputs],
  });
  // The job's .npy files are stored in the evaluation rows; the folder would only duplicate them.
  fs.rmSync(outDir, { recursive: true, force: true });
  return { files, evaluationId };
}

function modelSection(model: EvalModel, request: EvaluationRequest, parity: number | null) {
  return {
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
    ...(model.members
      ? {
          ensemble: {
            combination: ENSEMBLE_COMBINATION,
            members: model.members.map((m) => ({
              kind: m.kind,
              ref: m.ref,
              hash: m.hash,
              trainingRun: m.runId,
              imageSize: m.config.imageSize,
            })),
          },
        }
      : {}),
  };
}

function datasetSection(name: string, split: string, records: SplitRecords, images: number, missing: string[], model: EvalModel) {
  return {
    name,
    split,
    images,
    patients: new Set(records.patients).size,
    labelsMissingFromDataset: missing,
    cachedSize: records.cachedSize,
    resampled:
      records.cachedSize !== model.config.imageSize
        ? `cached at ${records.cachedSize} px, resampled (bicubic) to the model's ${model.config.imageSize} px`
        : null,
  };
}

function oodSection(
  request: EvaluationRequest,
  splitName: string,
  n: number,
  ood: ReturnType<typeof evaluateOod>,
  inferred: InferredSets,
  model: EvalModel,
) {
  const operatingThresholds = oodOperatingThresholds(model);
  return {
    inDistribution: `${request.dataset} ${splitName} (${n} images)`,
    mahalanobis: ood.mahalanobisNote,
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
      odin: inferred.odin
        ? `−max_l σ(z̃_l/T) at x̃ = x − ε·sign(−∇ₓ log σ(z_{l*}/T)), l* = argmax_l z_l; T ${inferred.odin.temperature}, ε ${inferred.odin.epsilon} (${inferred.odin.selection}); gradients in tfjs (${inferred.odin.backend}), z̃ from ONNX Runtime`
        : 'not computed (pass odin to compute it)',
    },
    sets: ood.ood.sets,
    scores: oodScoresSection(ood.idScores, ood.ood.scoreSets),
    ...(operatingThresholds ? { operatingThresholds } : {}),
  };
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
