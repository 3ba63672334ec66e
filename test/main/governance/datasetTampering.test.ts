// Dataset records are governed: an import, split and removal through the services verify, and an
// attacker editing the SQLite file (a label, a split, an image row, a quarantine row, an inserted
// dataset) is named by `audit verify` as `datasets <id>`.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { removeDataset } from '../../../src-main/datasets/removeDataset';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import { verifyAuditTrail } from '../../../src-main/governance/verifyAuditTrail';
import { openStore, storeFileName } from '../../../src-main/store/openStore';
import { sharedDataDir } from '../../helpers/paths';

let tmp: string;
let dataDir: string;
let pristine: string;
let datasetId: string;
const configDir = process.env.HILUM_CONFIG_DIR;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-dataset-tamper-'));
  process.env.HILUM_CONFIG_DIR = path.join(tmp, 'config');
  const root = path.join(tmp, 'root');
  mkdirSync(path.join(root, 'img'), { recursive: true });
  const source = path.join(sharedDataDir, 'nih-cxr14-subset-64px/images');
  const rows = ['file,pid,Effusion'];
  ['00000001_000.png', '00000002_000.png', '00000003_000.png', '00000004_000.png', '00000005_000.png', '00000006_000.png'].forEach(
    (f, i) => {
      copyFileSync(path.join(source, f), path.join(root, 'img', `${i}.png`));
      rows.push(`img/${i}.png,patient-${i},${i % 2}`);
    },
  );
  rows.push('../escape.png,patient-x,1');
  writeFileSync(path.join(root, 'labels.csv'), `${rows.join('\n')}\n`);
  dataDir = path.join(tmp, 'data');
  const store = openStore({ dataDir });
  try {
    const mapping = { csv: 'labels.csv', image: 'file', patient: 'pid', labels: ['Effusion'] };
    const report = await importDatasetIntoStore(store, { name: 'd', format: 'csv', root, formatOptions: { mapping }, size: 16 });
    expect(report).toMatchObject({ imported: 6, quarantined: 1 });
    datasetId = String(report.datasetId);
    splitDataset(store, { name: 'd', seed: 1, fractions: { train: 0.5, val: 0.17, test: 0.33 } });
    await importDatasetIntoStore(store, { name: 'gone', format: 'csv', root, formatOptions: { mapping }, size: 16 });
    removeDataset(store, 'gone');
  } finally {
    store.close();
  }
  pristine = path.join(tmp, 'pristine.sqlite');
  copyFileSync(path.join(dataDir, storeFileName), pristine);
});
afterAll(() => {
  if (configDir === undefined) delete process.env.HILUM_CONFIG_DIR;
  else process.env.HILUM_CONFIG_DIR = configDir;
  rmSync(tmp, { recursive: true, force: true });
});

/** Restores the pristine file, runs `sql` on it raw (triggers dropped, as an attacker would), then verifies read-only. */
function verifyAfter(sql: string) {
  copyFileSync(pristine, path.join(dataDir, storeFileName));
  const db = new Database(path.join(dataDir, storeFileName));
  try {
    for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as Array<{ name: string }>)
      db.exec(`DROP TRIGGER "${name}"`);
    db.exec(sql);
  } finally {
    db.close();
  }
  const store = openStore({ dataDir, readonly: true });
  try {
    const result = verifyAuditTrail(store);
    // The dropped triggers are reported too (attacks.test.ts covers them); only the rest counts here.
    const problems = result.problems.filter((p) => !p.record.startsWith('trigger'));
    return { ok: problems.length === 0, records: problems.filter((p) => p.record.startsWith('datasets')).map((p) => p.record) };
  } finally {
    store.close();
  }
}

describe('dataset tables in the governed set', () => {
  it('import, split and removal through the services verify', () => {
    expect(verifyAfter('SELECT 1')).toEqual({ ok: true, records: [] });
  });

  it.each([
    ['a label flipped', `UPDATE dataset_labels SET state = 1 - state WHERE image_id = (SELECT min(id) FROM dataset_images)`],
    ['an image moved to another split', `UPDATE dataset_images SET split = 'train' WHERE split = 'test'`],
    ['an image row deleted', `DELETE FROM dataset_images WHERE id = (SELECT max(id) FROM dataset_images)`],
    ['a quarantine row deleted', `DELETE FROM dataset_quarantine`],
    ['the dataset row edited', `UPDATE datasets SET split_seed = 99`],
  ])('%s is named as the dataset record', (_what, sql) => {
    const result = verifyAfter(sql);
    expect(result.ok).toBe(false);
    expect(result.records).toContain(`datasets ${datasetId}`);
  });

  it('an inserted dataset and a deleted one are named', () => {
    const inserted = verifyAfter(
      `INSERT INTO datasets (name, format, root_path, status, label_names_json, image_size, aspect, preprocessing_version, created_at)
       VALUES ('forged', 'csv', '/x', 'ready', '["Effusion"]', 16, 'pad', 'v1', '2026-01-01T00:00:00Z')`,
    );
    expect(inserted.ok).toBe(false);
    expect(inserted.records.length).toBe(1);
    expect(inserted.records[0]).not.toBe(`datasets ${datasetId}`);
    const deleted = verifyAfter(
      `DELETE FROM dataset_labels; DELETE FROM dataset_images; DELETE FROM dataset_quarantine; DELETE FROM datasets`,
    );
    expect(deleted.records).toEqual([`datasets ${datasetId}`]);
  });
});
