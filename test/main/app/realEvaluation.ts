// A real `hilum eval` evaluation recorded on a draft model, for the per-image chart channels: 80 NIH radiographs
// (shared data) imported at the micro model's 32 px and split by patient, the vit-micro test bundle evaluated on the
// test split with 12 pediatric images as near-OOD (runEvaluation, in the worker pool), then recordEvaluationMetrics.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import { runEvaluation } from '../../../src-main/evaluation/runEvaluation';
import { recordEvaluationMetrics } from '../../../src-main/governance/recordEvaluationMetrics';
import { registerModel } from '../../../src-main/governance/modelRegistry';
import type { User } from '../../../src-main/governance/userAccounts';
import type { Store } from '../../../src-main/store/openStore';
import type { JobRunner } from '../../../src-main/runs/trainFromDataset';
import { sharedDataDir } from '../../helpers/paths';
import { makeMicroBundle } from '../bundle/makeMicroBundle';

export interface RealEvaluation {
  /** model_metrics id (what the app's evaluation picker lists). */
  metricsId: string;
  evaluationRunId: number;
  report: Record<string, unknown>;
  modelId: string;
}

/** Imports and splits the datasets on the first call for a store; `calibrationShift` makes a second, different bundle. */
export async function recordRealEvaluation(
  store: Store,
  host: JobRunner,
  engineer: User,
  options: { name?: string; calibrationShift?: number; importData?: boolean; odin?: boolean } = {},
): Promise<RealEvaluation> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-real-eval-'));
  if (options.importData ?? true) await importEvaluationDatasets(store);
  const bundle = await makeMicroBundle(path.join(dir, 'bundle'), options.calibrationShift ?? 0);
  const result = await runEvaluation(store, host, {
    model: bundle.dir,
    dataset: 'nih',
    split: 'test',
    external: false,
    reportDir: path.join(dir, 'report'),
    resamples: 1000,
    seed: 3,
    oodNear: 'peds',
    // ODIN (tfjs input gradients, ε chosen on the validation split) when a test needs its per-image scores.
    ...(options.odin ? { odin: { temperature: 1000, epsilon: 'auto' as const } } : {}),
  });
  const name = options.name ?? 'cxr-micro-eval';
  const model = registerModel(store, engineer, { name, version: '1.0.0', bundlePath: bundle.dir, bundleHash: bundle.bundleHash });
  const row = recordEvaluationMetrics(store, engineer, model.id, result.evaluationId, 'nih-test');
  fs.rmSync(dir, { recursive: true, force: true });
  return { metricsId: row.id, evaluationRunId: result.evaluationId, report: result.report as Record<string, unknown>, modelId: model.id };
}

/** 80 NIH radiographs at 32 px split by patient ("nih"), and 12 pediatric ones ("peds") as near-OOD. */
export async function importEvaluationDatasets(store: Store): Promise<void> {
  await importDatasetIntoStore(store, {
    name: 'nih',
    format: 'nih',
    root: path.join(sharedDataDir, 'nih-cxr14-subset-64px'),
    size: 32,
    threads: 0,
    limit: 80,
  });
  splitDataset(store, { name: 'nih', seed: 1, fractions: { train: 0.4, val: 0.1, test: 0.5 } });
  await importDatasetIntoStore(store, {
    name: 'peds',
    format: 'folders',
    root: path.join(sharedDataDir, 'kermany-pediatric-224px', 'train'),
    size: 32,
    threads: 0,
    limit: 12,
    formatOptions: { folders: { normalClass: 'NORMAL' } },
    patientNamespace: 'peds',
  });
}
