// Audit coverage of dataset records on a real store: import (started/finished + quarantine summary), split,
// evaluation stored, removal — each with its record hash, no file name in any payload, and `audit verify` OK.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditInference } from '../../../src-main/bundle/auditInference';
import { datasetContentHash } from '../../../src-main/datasets/datasetContentHash';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { removeDataset } from '../../../src-main/datasets/removeDataset';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import type { EvalModel } from '../../../src-main/evaluation/resolveEvalModel';
import { storeEvaluation } from '../../../src-main/evaluation/storeEvaluation';
import { verifyAuditTrail } from '../../../src-main/governance/verifyAuditTrail';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { auditEvents } from '../../../src-main/store/schema';
import { sharedDataDir } from '../../helpers/paths';

// A PatientID-like string in every file name and in the dataset folder's name: it must never reach the trail.
const PHI = 'PID7734521';
let tmp: string;
let root: string;
let store: Store;
const configDir = process.env.HILUM_CONFIG_DIR;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-audit-coverage-'));
  process.env.HILUM_CONFIG_DIR = path.join(tmp, 'config');
  root = path.join(tmp, `site-${PHI}`);
  mkdirSync(path.join(root, 'img'), { recursive: true });
  const source = path.join(sharedDataDir, 'nih-cxr14-subset-64px/images');
  const rows = ['file,pid,Effusion'];
  const sources = ['00000001_000.png', '00000002_000.png', '00000003_000.png', '00000004_000.png', '00000005_000.png', '00000006_000.png'];
  sources.forEach((f, i) => {
    copyFileSync(path.join(source, f), path.join(root, 'img', `${PHI}_${i}.png`));
    rows.push(`img/${PHI}_${i}.png,patient-${i},${i % 2}`);
  });
  // A real file outside the root, named by `../` and by its absolute path: quarantined, never imported.
  copyFileSync(path.join(source, sources[0]!), path.join(tmp, `${PHI}_outside.png`));
  rows.push(`../${PHI}_outside.png,patient-x,1`, `${path.join(tmp, `${PHI}_outside.png`)},patient-y,0`);
  writeFileSync(path.join(root, 'labels.csv'), `${rows.join('\n')}\n`);
  store = openStore({ dataDir: path.join(tmp, 'data') });
});
afterAll(() => {
  store.close();
  if (configDir === undefined) delete process.env.HILUM_CONFIG_DIR;
  else process.env.HILUM_CONFIG_DIR = configDir;
  rmSync(tmp, { recursive: true, force: true });
});

const events = () => store.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();

describe('audit coverage of datasets, splits, quarantines and evaluations', () => {
  it('audits each step with its record hash, never a file name, and the trail verifies', async () => {
    const mapping = { csv: 'labels.csv', image: 'file', patient: 'pid', labels: ['Effusion'] };
    const report = await importDatasetIntoStore(store, {
      name: 'cov',
      format: 'csv',
      root,
      formatOptions: { mapping },
      size: 16,
      actor: 'alice',
    });
    expect(report).toMatchObject({ imported: 6, quarantined: 2, quarantinedByCode: { DATASET_PATH_OUTSIDE_ROOT: 2 } });
    const id = String(report.datasetId);
    const importHash = datasetContentHash(store, 'cov');

    const split = splitDataset(store, { name: 'cov', seed: 3, fractions: { train: 0.5, val: 0.17, test: 0.33 }, actor: 'alice' });
    expect(split.leakage.ok).toBe(true);
    const splitHash = datasetContentHash(store, 'cov');
    expect(splitHash).not.toBe(importHash);

    const outputs = {
      n: 2,
      numClasses: 1,
      width: 2,
      logitColumns: [Float64Array.from([0.3, -1])],
      features: Float64Array.from([1, 2, 3, 4]),
    };
    // Only the model's identity is stored with an evaluation; the rest of EvalModel is not read.
    const model = { kind: 'bundle', ref: 'bundle-x', hash: 'ab'.repeat(32) } as unknown as EvalModel;
    const evaluationId = storeEvaluation(store, {
      model,
      dataset: 'cov',
      split: 'test',
      labelNames: ['Effusion'],
      report: { auroc: 0.5 },
      reportDir: path.join(root, 'report'),
      outputs: [{ role: 'eval', imageIds: null, sources: null, outputs }],
      actor: 'alice',
    });

    removeDataset(store, 'cov', 'bob');

    const trail = events();
    const pick = (action: string) => trail.filter((e) => e.action === action);
    expect(pick('dataset.import.started')).toMatchObject([{ actor: 'alice', recordType: 'dataset', recordId: id }]);
    expect(pick('dataset.import.started')[0]!.afterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pick('dataset.import.finished')).toMatchObject([{ actor: 'alice', recordType: 'dataset', recordId: id, afterHash: importHash }]);
    const quarantine = pick('dataset.quarantine.recorded');
    expect(quarantine).toMatchObject([{ recordType: 'dataset_quarantine', recordId: id }]);
    expect(JSON.parse(quarantine[0]!.payloadJson)).toMatchObject({ count: 2, byCode: { DATASET_PATH_OUTSIDE_ROOT: 2 } });
    expect(quarantine[0]!.afterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pick('dataset.split')).toMatchObject([{ actor: 'alice', recordType: 'dataset_split', recordId: id, afterHash: splitHash }]);
    expect(pick('evaluation.stored')).toMatchObject([{ actor: 'alice', recordType: 'evaluation', recordId: String(evaluationId) }]);
    expect(pick('evaluation.stored')[0]!.afterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pick('dataset.removed')).toMatchObject([
      { actor: 'bob', recordType: 'dataset', recordId: id, beforeHash: splitHash, afterHash: null },
    ]);

    for (const e of trail) {
      expect(e.payloadJson).not.toContain(PHI);
      expect(e.payloadJson).not.toContain(tmp);
      expect(e.recordId).not.toContain(PHI);
    }
    expect(verifyAuditTrail(store)).toMatchObject({ ok: true });
  });

  it('records an inference by the input hash, without the input file path', () => {
    const input = path.join(root, 'img', `${PHI}_0.png`);
    const outputs = {
      labels: { Effusion: { probability: 0.2, decision: 'negative' } },
      ood: { score: 0.1, flagged: false, reasons: [] },
      abstained: false,
    };
    auditInference(
      store,
      'alice',
    )({ inputSha256: 'cd'.repeat(32), input, bundleHash: 'ab'.repeat(32), utc: '2026-01-01T00:00:00.000Z', outputs });
    const last = events().at(-1)!;
    expect(last).toMatchObject({ action: 'model.inference', recordType: 'inference', recordId: 'cd'.repeat(32) });
    expect(JSON.parse(last.payloadJson)).toMatchObject({ inputSha256: 'cd'.repeat(32), bundleHash: 'ab'.repeat(32) });
    expect(last.payloadJson).not.toContain(PHI);
    expect(last.payloadJson).not.toContain('"input"');
    expect(verifyAuditTrail(store)).toMatchObject({ ok: true });
  });
});
