// A draft model with a real training lineage, for the lineage channel and the review package page: 40 Kermany
// radiographs imported at 32 px and split by patient (seed 7), a parent vit-micro run, a child run initialised from
// the parent's weights, the child bundled by bundleRun and registered as `hilum bundle --run` registers it.
import path from 'node:path';
import { parseAbstentionRule, parseThresholdRule } from '../../../src-core/bundle/parseDecisionRules';
import { bundleRun } from '../../../src-main/bundle/bundleRun';
import { registerBundleDraft } from '../../../src-main/bundle/registerBundleDraft';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import { runWeightsFile } from '../../../src-main/evaluation/resolveEvalModel';
import type { User } from '../../../src-main/governance/userAccounts';
import type { JobRunner } from '../../../src-main/runs/trainFromDataset';
import { trainFromDataset } from '../../../src-main/runs/trainFromDataset';
import type { Store } from '../../../src-main/store/openStore';
import { sharedDataDir } from '../../helpers/paths';

export const lineageSplitSeed = 7;

export async function trainedBundleModel(
  store: Store,
  host: JobRunner,
  engineer: User,
  name: string,
): Promise<{ modelId: string; parentRun: string; childRun: string }> {
  await importDatasetIntoStore(store, {
    name: 'kermany',
    format: 'folders',
    root: path.join(sharedDataDir, 'kermany-pediatric-224px', 'train'),
    size: 32,
    threads: 0,
    limit: 40,
    formatOptions: { folders: { normalClass: 'NORMAL' } },
  });
  splitDataset(store, { name: 'kermany', seed: lineageSplitSeed, fractions: { train: 0.5, val: 0.25, test: 0.25 } });
  const base = { dataset: 'kermany', preset: 'vit-micro', epochs: 1, actor: engineer.username };
  const parent = await trainFromDataset(store, host, { ...base, seed: 1 });
  const child = await trainFromDataset(store, host, { ...base, seed: 2, config: { initWeights: runWeightsFile(parent.runDir, 'last') } });
  const bundle = await bundleRun(store, host, {
    runId: child.run,
    weights: 'last',
    threshold: parseThresholdRule('youden'),
    abstention: parseAbstentionRule('none'),
    actor: engineer.username,
  });
  const model = registerBundleDraft(store, engineer, {
    name,
    version: '1.0.0',
    bundleDir: bundle.bundle,
    bundleHash: bundle.hash,
    runId: child.run,
  });
  return { modelId: model.id, parentRun: parent.run, childRun: child.run };
}
