/**
 * The OOD part of an evaluation: every detector's in-distribution scores (Mahalanobis from the bundle, or fitted
 * here on the training split, never on the evaluated cases) against the near-OOD dataset and far-OOD folder.
 */
import { toMahalanobisModel } from '../../src-core/bundle';
import { fitMahalanobis, type MahalanobisModel } from '../../src-core/metrics/ood/fitMahalanobis';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import type { SplitRecords } from '../datasets/loadSplitRecords';
import { collectOodSets, type OodInput } from './collectOodSets';
import type { InferredSets } from './inferEvaluationSets';
import { oodDetectorScores } from './oodDetectorScores';
import type { EvalModel } from './resolveEvalModel';

export interface OodRequest {
  model: EvalModel;
  inferred: InferredSets;
  outputs: ModelOutputs;
  odinScores: Float64Array | null;
  labelNames: string[];
  dataset: string;
  splitName: string;
  external: boolean;
  train: SplitRecords | null;
  near: { name: string; records: SplitRecords } | null;
  farFolder: string | undefined;
  bootstrap: { resamples: number; seed: number };
}

/** The bundle's fitted detector; otherwise fitted here on the dataset's training split (never on the evaluated cases). */
function mahalanobisFor(r: OodRequest, trainOutputs: ModelOutputs | null): { model: MahalanobisModel | null; note: string } {
  if (r.model.mahalanobis)
    return {
      model: toMahalanobisModel(r.model.mahalanobis),
      note: "the bundle's detector (fitted on training features, threshold on validation)",
    };
  if (r.model.members) return { model: null, note: 'not computed for an ensemble: its members’ feature spaces differ' };
  if (r.splitName === 'train' || r.splitName === 'all' || r.external)
    return { model: null, note: 'not computed: no bundle detector, and the training split is not disjoint from the evaluated cases' };
  if (!r.train || !trainOutputs) return { model: null, note: `not computed: dataset "${r.dataset}" has no training split to fit it on` };
  const train = r.train;
  const columns = r.labelNames.map(
    (n) => train.labelColumns[train.labelNames.indexOf(n)] ?? new Float64Array(train.imageIds.length).fill(Number.NaN),
  );
  return {
    model: fitMahalanobis(trainOutputs.features, trainOutputs.width, columns, r.labelNames),
    note: `fitted here on the ${train.imageIds.length} training-split images of "${r.dataset}"`,
  };
}

export function evaluateOod(r: OodRequest) {
  const mahalanobis = mahalanobisFor(r, r.inferred.read('train')?.outputs ?? null);
  const idScores = oodDetectorScores(r.outputs, mahalanobis.model);
  if (r.odinScores) idScores.odin = r.odinScores;
  const inputs: OodInput[] = [];
  const nearSet = r.inferred.read('near');
  if (nearSet && r.near) inputs.push({ name: 'near', source: `dataset ${r.near.name}`, set: nearSet, imageIds: r.near.records.imageIds });
  const farSet = r.inferred.read('far');
  if (farSet && r.inferred.far)
    inputs.push({ name: 'far', source: `folder ${r.farFolder}`, set: farSet, imageIds: null, far: r.inferred.far });
  const ood = collectOodSets({ mahalanobis: mahalanobis.model, idScores, bootstrap: r.bootstrap }, inputs);
  return { idScores, ood, mahalanobisNote: mahalanobis.note };
}
