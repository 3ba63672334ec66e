/**
 * `hilum eval` as a service: resolve the model (bundle, run, checkpoint → ONNX behind the parity gate),
 * run ONNX Runtime on a dataset split, compute the metrics report with patient-level bootstrap CIs,
 * calibration before/after the model's temperatures, and OOD detection on optional near/far sets;
 * store the per-image outputs and the report, and write the report directory with SVG plots.
 */
import type { PreprocessingSpec } from '../../src-core/bundle';
import { toMahalanobisModel } from '../../src-core/bundle';
import { HilumError } from '../../src-core/errors';
import { fitMahalanobis, type MahalanobisModel } from '../../src-core/metrics/ood/fitMahalanobis';
import { computeMetricsReport } from '../../src-core/metrics/report/computeMetricsReport';
import { createOrtSession } from '../../src-worker/onnx/createOrtSession';
import { calibrationBeforeAfter } from './calibrationBeforeAfter';
import { loadSplitArrays, type SplitArrays } from '../datasets/loadSplitArrays';
import { groupTable, labelTable, predictionTable } from './metricsTables';
import { runOnnxOnArrays, type ModelOutputs } from './runOnnxOnArrays';
import type { Store } from '../store/openStore';
import { collectOodSets } from './collectOodSets';
import { createOdinScorer, type OdinScorer } from './createOdinScorer';
import { loadEvaluationSet, type EvalSplit } from './loadEvaluationSet';
import { oodDetectorScores } from './oodDetectorScores';
import { resolveEvalModel, type EvalModel } from './resolveEvalModel';
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
  onStep?: (step: string, detail: string) => void;
}


export async function runEvaluation(store: Store, request: EvaluationRequest) {
  const step = request.onStep ?? (() => {});
  const { arrays, splitName } = loadEvaluationSet(store, request.dataset, request.split, request.external);
  const model = await resolveEvalModel(request.model, { configFile: request.configFile, parityImages: arrays.pixels });
  if (model.config.imageSize !== arrays.size) {
    throw new HilumError('INVALID_ARGUMENT', `${model.ref}: the model takes ${model.config.imageSize} px images, dataset "${request.dataset}" is cached at ${arrays.size} px (re-import it with --size ${model.config.imageSize})`, { file: model.ref });
  }
  const labels = alignLabels(model, arrays);
  step('model', `${model.kind} ${model.ref} (hash ${model.hash.slice(0, 16)}…)${model.parityMaxAbsDiff !== null ? `; ONNX parity max |Δlogit| ${model.parityMaxAbsDiff.toExponential(2)}` : ''}`);

  const { session } = await createOrtSession(model.modelBytes);
  const normalise = normaliser(model.preprocessing);
  const infer = (images: Float32Array[]) => runOnnxOnArrays(session, images.map(normalise), model.config.imageSize);
  let odin: OdinScorer | null = null;
  try {
    if (request.odin) {
      odin = await createOdinScorer(model.config, model.readWeights(), session, {
        temperature: request.odin.temperature ?? 1000, epsilon: request.odin.epsilon ?? 'auto', validation: validationImages(store, request, splitName)?.map(normalise) ?? null,
      });
      step('odin', `T ${odin.temperature}, ε ${odin.epsilon} (${odin.selection}); tfjs backend ${odin.backend}`);
    }
    const outputs = await infer(arrays.pixels);
    step('inference', `${outputs.n} images through ONNX Runtime`);
    const temperatures = labels.names.map((name) => model.temperatures?.[name] ?? 1);
    const calibrated = outputs.logitColumns.map((column, l) => column.map((z) => z / temperatures[l]!));
    const ids = arrays.imageIds.map(String);
    const name = `${request.dataset} ${splitName}`;
    const metrics = computeMetricsReport({
      predictions: predictionTable(name, ids, labels.names, calibrated), labels: labelTable(name, ids, labels.names, labels.columns),
      groups: groupTable(name, ids, arrays.patients, arrays.attributes), logits: true, clusters: 'patient',
      bootstrap: { resamples: request.resamples, seed: request.seed },
    });
    step('metrics', `bootstrap ${request.resamples} resamples over patients`);
    const calibration = model.temperatures
      ? { temperatures: Object.fromEntries(labels.names.map((n, l) => [n, temperatures[l]!])), testSet: calibrationBeforeAfter(labels.names, outputs.logitColumns, labels.columns, Object.fromEntries(labels.names.map((n, l) => [n, temperatures[l]!]))) }
      : { reason: 'no temperatures known for this model (only bundles carry validation-fitted temperatures): predictions are uncalibrated logits' };

    const mahalanobis = await mahalanobisFor(store, model, request, splitName, infer, labels.names);
    const idScores = oodDetectorScores(outputs, mahalanobis.model);
    if (odin) idScores.odin = await odin.score(arrays.pixels.map(normalise));
    const ood = await collectOodSets(
      { store, model, infer, normalise, odin, mahalanobis: mahalanobis.model, idScores, bootstrap: { resamples: request.resamples, seed: request.seed }, step },
      request,
    );

    const report = {
      model: { kind: model.kind, ref: model.ref, hash: model.hash, weightsFile: model.weightsFile, config: model.config, onnxParityMaxAbsDiff: model.parityMaxAbsDiff, runtime: 'onnxruntime-node' },
      dataset: { name: request.dataset, split: splitName, images: outputs.n, patients: new Set(arrays.patients).size, labelsMissingFromDataset: labels.missing },
      predictions: model.temperatures ? 'logits divided by the bundle\'s per-label temperatures' : 'raw logits (uncalibrated)',
      metrics,
      calibration,
      ood: {
        inDistribution: `${request.dataset} ${splitName} (${outputs.n} images)`,
        mahalanobis: mahalanobis.note,
        bootstrap: { resamples: request.resamples, seed: request.seed, method: 'percentile; in-distribution and OOD cases resampled independently' },
        definitions: { energy: '−Σ_l log(1+e^{z_l})', maxLogit: '−max_l z_l', maxProbability: '−max_l σ(z_l)', mahalanobis: 'smallest squared Mahalanobis distance of the pooled features to any label mean (shared covariance, Ledoit–Wolf shrinkage)', odin: odin ? `−max_l σ(z̃_l/T) at x̃ = x − ε·sign(−∇ₓ log σ(z_{l*}/T)), l* = argmax_l z_l; T ${odin.temperature}, ε ${odin.epsilon} (${odin.selection}); gradients in tfjs (${odin.backend}), z̃ from ONNX Runtime` : 'not computed (pass odin to compute it)' },
        sets: ood.sets,
      },
    };
    const files = writeEvaluationReport(request.reportDir, { report, labelNames: labels.names, outputs, labelColumns: labels.columns, temperatures: model.temperatures ? temperatures : null, idScores, oodScoreSets: ood.scoreSets });
    const evaluationId = storeEvaluation(store, { model, dataset: request.dataset, split: splitName, labelNames: labels.names, report, reportDir: request.reportDir, outputs: [{ role: 'eval', imageIds: arrays.imageIds, sources: null, outputs }, ...ood.outputs] });
    step('report', `${files.length} files in ${request.reportDir}; evaluation #${evaluationId} stored`);
    return { evaluationId, reportDir: request.reportDir, files, report };
  } finally {
    odin?.dispose();
    await session.release();
  }
}

/** In-distribution validation images to choose ODIN's ε on: the dataset's val split, unless that is what is evaluated. */
function validationImages(store: Store, request: EvaluationRequest, splitName: string): Float32Array[] | null {
  if (splitName === 'val' || splitName === 'all' || request.external) return null;
  try {
    return loadSplitArrays(store, request.dataset, 'val').pixels;
  } catch {
    return null;
  }
}

/** Bundle label order wins; labels the dataset lacks become unknown (NaN) columns, and are listed. */
function alignLabels(model: EvalModel, arrays: SplitArrays): { names: string[]; columns: Float64Array[]; missing: string[] } {
  if (!model.labelNames) {
    if (model.config.numClasses !== arrays.labelNames.length) {
      throw new HilumError('INVALID_ARGUMENT', `${model.ref}: the model has ${model.config.numClasses} outputs, the dataset ${arrays.labelNames.length} labels; without a bundle's labels file the outputs cannot be matched to labels`, { file: model.ref });
    }
    return { names: arrays.labelNames, columns: arrays.labelColumns, missing: [] };
  }
  const missing: string[] = [];
  const columns = model.labelNames.map((name) => {
    const l = arrays.labelNames.indexOf(name);
    if (l < 0) {
      missing.push(name);
      return new Float64Array(arrays.imageIds.length).fill(Number.NaN);
    }
    return arrays.labelColumns[l]!;
  });
  if (missing.length === model.labelNames.length) throw new HilumError('INVALID_ARGUMENT', `${model.ref}: none of the model's labels (${model.labelNames.join(', ')}) exist in the dataset`, { file: model.ref });
  return { names: model.labelNames, columns, missing };
}

function normaliser(spec: PreprocessingSpec | null): (x: Float32Array) => Float32Array {
  const mean = spec?.normalization.mean ?? 0;
  const std = spec?.normalization.std ?? 1;
  if (mean === 0 && std === 1) return (x) => x;
  return (x) => x.map((v) => (v - mean) / std);
}

type MahalanobisChoice = Promise<{ model: MahalanobisModel | null; note: string }>;

/** The bundle's fitted detector; otherwise fitted here on the dataset's training split (never on the evaluated cases). */
async function mahalanobisFor(store: Store, model: EvalModel, request: EvaluationRequest, splitName: string, infer: (x: Float32Array[]) => Promise<ModelOutputs>, labelNames: string[]): MahalanobisChoice {
  if (model.mahalanobis) return { model: toMahalanobisModel(model.mahalanobis), note: "the bundle's detector (fitted on training features, threshold on validation)" };
  if (splitName === 'train' || splitName === 'all' || request.external) return { model: null, note: 'not computed: no bundle detector, and the training split is not disjoint from the evaluated cases' };
  let train: SplitArrays;
  try {
    train = loadSplitArrays(store, request.dataset, 'train');
  } catch {
    return { model: null, note: `not computed: dataset "${request.dataset}" has no training split to fit it on` };
  }
  const out = await infer(train.pixels);
  const columns = labelNames.map((n) => train.labelColumns[train.labelNames.indexOf(n)] ?? new Float64Array(train.imageIds.length).fill(Number.NaN));
  return { model: fitMahalanobis(out.features, out.width, columns, labelNames), note: `fitted here on the ${train.imageIds.length} training-split images of "${request.dataset}"` };
}
