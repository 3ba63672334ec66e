/**
 * Registers a bundle built from a training run as a draft model, and stores the run's lineage (dataset
 * content hash, split seed, config hash, code version, backend, decision rules) as its model-wide
 * `training` document, through the governance registry. The registry audits both writes.
 */
import { eq } from 'drizzle-orm';
import { recordModelMetrics, registerModel, type ModelRecord } from '../governance/modelRegistry';
import type { User } from '../governance/userAccounts';
import { getRunRecord } from '../runs/runRecords';
import type { Store } from '../store/openStore';
import { runBundles } from '../store/schema/runs';

export function registerBundleDraft(
  store: Store,
  by: User,
  input: { name: string; version: string; bundleDir: string; bundleHash: string; runId: string; predecessorId?: string },
): ModelRecord {
  const run = getRunRecord(store, input.runId);
  const model = registerModel(store, by, {
    name: input.name,
    version: input.version,
    bundlePath: input.bundleDir,
    bundleHash: input.bundleHash,
    predecessorId: input.predecessorId ?? null,
  });
  const bundleRow = store.db.select().from(runBundles).where(eq(runBundles.bundleHash, input.bundleHash)).get();
  const result = run.resultJson ? (JSON.parse(run.resultJson) as Record<string, unknown>) : null;
  recordModelMetrics(store, by, model.id, 'training', {
    trainingRun: run.id,
    dataset: run.datasetName,
    datasetContentHash: run.datasetContentHash,
    splitSeed: run.splitSeed,
    configHash: run.configHash,
    codeVersion: run.codeVersion,
    backend: run.backend,
    config: JSON.parse(run.configJson),
    result,
    checkpointSelection: checkpointSelectionOf(JSON.parse(run.configJson) as { selectBy?: string }, result),
    bundle: {
      hash: input.bundleHash,
      weights: bundleRow?.weights ?? null,
      decisionRules: bundleRow ? JSON.parse(bundleRow.optionsJson) : null,
    },
  });
  store.db.update(runBundles).set({ modelId: model.id }).where(eq(runBundles.bundleHash, input.bundleHash)).run();
  return model;
}

/** The model card's line on which checkpoint was kept and why (runs from before `selectBy` were chosen by macro-AUROC). */
function checkpointSelectionOf(config: { selectBy?: string }, result: Record<string, unknown> | null): string {
  const by = config.selectBy ?? 'auroc';
  const epoch = typeof result?.bestEpoch === 'number' ? `epoch ${result.bestEpoch + 1}` : 'no epoch recorded';
  const value = typeof result?.bestMetric === 'number' ? `, ${result.bestMetric.toFixed(4)}` : '';
  return `best validation macro-${by.toUpperCase()} (${epoch}${value})`;
}
