/**
 * The stored training runs (training_runs: the app's and the CLI's, as `hilum runs list` shows them) as the
 * Runs page lists them, with the bundles made from each and the model each bundle was registered as.
 */
import { desc } from 'drizzle-orm';
import { vitPresets } from '../../../src-core/model/vitConfig';
import { loadSplitRecords } from '../../datasets/loadSplitRecords';
import { listModels } from '../../governance/modelRegistry';
import { listRunRecords, type RunRecord } from '../../runs/runRecords';
import type { Store } from '../../store/openStore';
import { runBundles } from '../../store/schema/runs';

export interface RunBundleItem {
  hash: string;
  weights: string;
  modelId: string | null;
  model: string | null;
  createdAt: string;
}

export interface TrainingRunItem {
  id: string;
  kind: 'train';
  preset: string;
  datasetId: string;
  status: RunRecord['status'];
  startedAt: string;
  outDir: string;
  bundles: RunBundleItem[];
}

export function bundlesByRun(store: Store): Map<string, RunBundleItem[]> {
  const byRun = new Map<string, RunBundleItem[]>();
  const models = new Map(listModels(store).map((m) => [m.id, `${m.name} ${m.version}`]));
  for (const b of store.db.select().from(runBundles).orderBy(desc(runBundles.createdAt)).all()) {
    const list = byRun.get(b.runId) ?? [];
    const model = b.modelId === null ? null : (models.get(b.modelId) ?? null);
    list.push({ hash: b.bundleHash, weights: b.weights, modelId: b.modelId, model, createdAt: b.createdAt });
    byRun.set(b.runId, list);
  }
  return byRun;
}

type ModelShape = Partial<Record<'patchSize' | 'width' | 'depth' | 'heads' | 'mlpRatio', number>>;

/** The stored config holds the resolved architecture, not the preset's name: the preset it matches, or its size in words. */
function presetOf(model: ModelShape = {}): string {
  const keys = ['patchSize', 'width', 'depth', 'heads', 'mlpRatio'] as const;
  const named = Object.entries(vitPresets).find(([, p]) => keys.every((k) => p[k] === model[k]));
  return named ? named[0] : `ViT width ${model.width ?? '?'}, depth ${model.depth ?? '?'}, patch ${model.patchSize ?? '?'}`;
}

export function trainingRunItem(run: RunRecord, bundles: RunBundleItem[]): TrainingRunItem {
  const config = JSON.parse(run.configJson) as { model?: ModelShape };
  return {
    id: run.id,
    kind: 'train',
    preset: presetOf(config.model),
    datasetId: run.datasetName,
    status: run.status,
    startedAt: run.createdAt,
    outDir: run.runDir,
    bundles,
  };
}

export function listTrainingRunItems(store: Store): TrainingRunItem[] {
  const bundles = bundlesByRun(store);
  return listRunRecords(store).map((run) => trainingRunItem(run, bundles.get(run.id) ?? []));
}

/** What storedEpochPoints needs to place a stored run's epoch summaries on the step axis. */
export function epochLayoutOf(store: Store, run: RunRecord): { resultJson: string | null; batchSize: number; trainImages: number } {
  const config = JSON.parse(run.configJson) as { batchSize: number };
  // The run trained on its dataset's train split; bundling refuses a run whose dataset changed since.
  const trainImages = loadSplitRecords(store, run.datasetName, 'train').imageIds.length;
  return { resultJson: run.resultJson, batchSize: config.batchSize, trainImages };
}
