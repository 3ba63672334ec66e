/**
 * The per-image side of a recorded evaluation: the `hilum eval` run whose report it is (same bundle hash, same
 * canonical report: recordEvaluationMetrics copies it verbatim), its stored logits of the evaluated split and of each
 * OOD set, and the dataset's labels and patients for those images. Null for a `hilum metrics` report (no outputs).
 */
import { desc, eq } from 'drizzle-orm';
import { canonicalJson } from '../../../src-core/governance/canonicalJson';
import { loadSplitRecords, type SplitRecords } from '../../datasets/loadSplitRecords';
import { getModel } from '../../governance/modelRegistry';
import type { Store } from '../../store/openStore';
import { evaluationOutputs, evaluations } from '../../store/schema/evaluation';

export interface StoredEvaluationOutputs {
  run: typeof evaluations.$inferSelect;
  labelNames: string[];
  /** Dataset image id of each evaluated case (null for a case that is not a dataset image). */
  imageIds: Array<number | null>;
  /** Raw logits of each evaluated case, in label order. */
  logits: number[][];
  /** Per label: 1 / 0 per evaluated case, null where unknown. */
  targets: Array<Array<number | null>>;
  /** Patient of each evaluated case (the bootstrap's cluster). */
  patients: string[];
  /** Source file of each evaluated case, relative to the dataset root. */
  files: string[];
}

export const withoutOutputsReason =
  'this evaluation was recorded from a `hilum metrics` report, which holds no per-image outputs: curves with bands, the diagram after scaling, the error gallery, paired comparison and OOD histograms need an evaluation stored by `hilum eval`';

/** The `hilum eval` run whose report the recorded document is, or null (a `hilum metrics` report). */
export function storedRunOf(store: Store, recorded: { modelId: string; json: string }): typeof evaluations.$inferSelect | null {
  const bundleHash = getModel(store, recorded.modelId).bundleHash;
  if (!bundleHash) return null;
  const runs = store.db.select().from(evaluations).where(eq(evaluations.modelHash, bundleHash)).orderBy(desc(evaluations.id)).all();
  return runs.find((row) => canonicalJson(JSON.parse(row.reportJson)) === recorded.json) ?? null;
}

export function storedEvaluationOutputs(store: Store, recorded: { modelId: string; json: string }): StoredEvaluationOutputs | null {
  const run = storedRunOf(store, recorded);
  if (!run) return null;
  const labelNames = JSON.parse(run.labelNamesJson) as string[];
  const rows = store.db
    .select({ imageId: evaluationOutputs.imageId, role: evaluationOutputs.role, logits: evaluationOutputs.logitsJson })
    .from(evaluationOutputs)
    .where(eq(evaluationOutputs.evaluationId, run.id))
    .all();
  const evaluated = rows.filter((row) => row.role === 'eval');
  const records: SplitRecords = loadSplitRecords(store, run.datasetName, ['train', 'val', 'test'].includes(run.split) ? run.split : null);
  const indexOf = new Map(records.imageIds.map((id, i) => [id, i]));
  const at = evaluated.map((row) => (row.imageId === null ? undefined : indexOf.get(row.imageId)));
  return {
    run,
    labelNames,
    imageIds: evaluated.map((row) => row.imageId),
    logits: evaluated.map((row) => JSON.parse(row.logits) as number[]),
    targets: labelNames.map((name) => {
      const column = records.labelColumns[records.labelNames.indexOf(name)];
      return at.map((i) => (i === undefined || !column || Number.isNaN(column[i]!) ? null : column[i]!));
    }),
    patients: at.map((i, k) => (i === undefined ? `case-${k}` : records.patients[i]!)),
    files: at.map((i) => (i === undefined ? '' : records.sourcePaths[i]!)),
  };
}
