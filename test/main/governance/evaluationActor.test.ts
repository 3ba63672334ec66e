// An evaluation is attributed in its audit row to whoever ran it (the signed-in user the CLI's `--as` or the
// app session names), not to the operating-system account.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_RESAMPLES } from '../../../src-core/metrics/report/computeMetricsReport';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import { runEvaluation } from '../../../src-main/evaluation/runEvaluation';
import { verifyAuditTrail } from '../../../src-main/governance/verifyAuditTrail';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';
import { sharedDataDir } from '../../helpers/paths';
import { makeMicroBundle } from '../bundle/makeMicroBundle';

let tmp: string;
let store: Store;
let bundleDir: string;
const host = new WorkerHost();
const configDir = process.env.HILUM_CONFIG_DIR;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-eval-actor-'));
  process.env.HILUM_CONFIG_DIR = path.join(tmp, 'config');
  store = openStore({ dataDir: path.join(tmp, 'data') });
  const root = path.join(sharedDataDir, 'nih-cxr14-subset-64px');
  await importDatasetIntoStore(store, { name: 'nih', format: 'nih', root, size: 32, threads: 0, limit: 40 });
  splitDataset(store, { name: 'nih', seed: 1, fractions: { train: 0.4, val: 0.1, test: 0.5 } });
  bundleDir = path.join(tmp, 'bundle');
  await makeMicroBundle(bundleDir);
}, 120_000);
afterAll(async () => {
  await host.close();
  store.close();
  if (configDir === undefined) delete process.env.HILUM_CONFIG_DIR;
  else process.env.HILUM_CONFIG_DIR = configDir;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('evaluation audit actor', () => {
  it('names the given user in the evaluation.stored row', async () => {
    const { evaluationId } = await runEvaluation(store, host, {
      model: bundleDir,
      dataset: 'nih',
      split: 'test',
      external: false,
      reportDir: path.join(tmp, 'report'),
      resamples: MIN_RESAMPLES,
      seed: 1,
      actor: 'quinn',
    });
    const row = store.sqlite
      .prepare(`SELECT actor FROM audit_events WHERE action = 'evaluation.stored' AND record_id = ?`)
      .get(String(evaluationId)) as { actor: string };
    expect(row.actor).toBe('quinn');
    expect(verifyAuditTrail(store).ok).toBe(true);
  }, 180_000);
});
