/**
 * Runs the `model.infer` job for a model — or for each member of an ensemble — on the evaluation's image sets
 * and reads the outputs back. An ensemble's sets are combined as the mean of the members' calibrated logits
 * (ensembleEvalModel.ts says why); it has no pooled features of its own.
 */
import path from 'node:path';
import type { ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import type { JobRunner } from '../runs/trainFromDataset';
import type { Store } from '../store/openStore';
import { readInferredSet, type ReadSet } from './readInferredSet';
import type { EvalModel } from './resolveEvalModel';

type InferParams = ParamsOf<'model.infer'>;
type InferResult = ResultOf<'model.infer'>;

export interface InferenceOptions {
  sets: InferParams['sets'];
  outDir: string;
  tta?: boolean;
  odin?: InferParams['odin'];
  onProgress?: (message: string) => void;
}

export interface InferredSets {
  /** Outputs of one named set (combined for an ensemble), or null when it was not run. */
  read(name: string): ReadSet | null;
  /** The far-OOD folder's decoded files and refusals (the same for every member). */
  far: { files: string[]; rejected: InferResult['sets'][number]['rejected'] } | null;
  /** Largest ONNX parity difference over the members that were exported (null: none exported). */
  parity: number | null;
  weightsSha256: string | null;
  odin: InferResult['odin'];
}

function runMember(store: Store, host: JobRunner, model: EvalModel, options: InferenceOptions, outDir: string): Promise<InferResult> {
  return host.run(
    'model.infer',
    {
      model: { ...model.job, config: model.job.config },
      preprocessing: model.preprocessing,
      cacheDir: path.join(store.dataDir, 'cache'),
      sets: options.sets,
      outDir,
      ...(options.tta ? { tta: true } : {}),
      ...(options.odin ? { odin: options.odin } : {}),
    },
    { onProgress: (p) => p.message && options.onProgress?.(p.message) },
  );
}

/** Mean over members of z/T + offset per label and case; features are dropped (width 0). */
export function combineEnsembleOutputs(members: EvalModel[], outputs: ModelOutputs[]): ModelOutputs {
  const first = outputs[0]!;
  const labels = members[0]!.labelNames!;
  const logitColumns = labels.map((name, l) => {
    const mean = new Float64Array(first.n);
    outputs.forEach((o, m) => {
      if (o.n !== first.n) throw new HilumError('BUG', `ensemble member ${m} returned ${o.n} cases, not ${first.n}`, {});
      const t = members[m]!.temperatures?.[name] ?? 1;
      const offset = members[m]!.priorOffsets?.[name] ?? 0;
      const column = o.logitColumns[l]!;
      for (let i = 0; i < first.n; i++) mean[i]! += (column[i]! / t + offset) / outputs.length;
    });
    return mean;
  });
  return { n: first.n, numClasses: labels.length, width: 0, logitColumns, features: new Float64Array(0) };
}

export async function inferEvaluationSets(
  store: Store,
  host: JobRunner,
  model: EvalModel,
  options: InferenceOptions,
): Promise<InferredSets> {
  const members = model.members ?? [model];
  if (model.members && options.odin)
    throw new HilumError('INVALID_ARGUMENT', 'ODIN perturbs the input along one model’s gradient: it is not defined for an ensemble', {});
  const results: InferResult[] = [];
  for (const [m, member] of members.entries())
    results.push(await runMember(store, host, member, options, model.members ? path.join(options.outDir, `member-${m}`) : options.outDir));
  const far = results[0]!.sets.find((s) => s.name === 'far');
  const parities = results.map((r) => r.parityMaxAbsDiff).filter((p): p is number => p !== null);
  return {
    read: (name) => {
      const sets = results.map((r) => r.sets.find((s) => s.name === name));
      if (sets.some((s) => !s)) return null;
      const read = sets.map((s) => readInferredSet(s!));
      if (!model.members) return read[0]!;
      return {
        outputs: combineEnsembleOutputs(
          members,
          read.map((r) => r.outputs),
        ),
        odin: null,
      };
    },
    far: far ? { files: far.files ?? [], rejected: far.rejected } : null,
    parity: parities.length > 0 ? Math.max(...parities) : null,
    weightsSha256: model.members ? null : results[0]!.weightsSha256,
    odin: results[0]!.odin,
  };
}
