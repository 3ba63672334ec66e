// `hilum eval --json` through commander on a temp store: one JSON document whose evaluation is stored; bad options are usage errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { register } from '../../../src-main/cli/commands/eval';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import { openStore } from '../../../src-main/store/openStore';
import { sharedDataDir } from '../../helpers/paths';
import { makeMicroBundle } from '../bundle/makeMicroBundle';
import { runCommandInProcess } from '../../helpers/runCommandInProcess';

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-eval-cli-'));
  dataDir = path.join(root, 'data');
  const store = openStore({ dataDir });
  await importDatasetIntoStore(store, {
    name: 'nih',
    format: 'nih',
    root: path.join(sharedDataDir, 'nih-cxr14-subset-64px'),
    size: 32,
    threads: 0,
    limit: 50,
  });
  splitDataset(store, { name: 'nih', seed: 2, fractions: { train: 0.4, val: 0.1, test: 0.5 } });
  store.close();
  await makeMicroBundle(path.join(root, 'bundle'));
  await makeMicroBundle(path.join(root, 'bundle2'), 0.5);
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const run = (args: string[]) => runCommandInProcess(register, args);

describe('hilum eval', () => {
  it('--json prints one document; the evaluation row and report directory exist', async () => {
    const report = path.join(root, 'report');
    const { stdout, exitCode } = await run([
      '--json',
      '--data-dir',
      dataDir,
      'eval',
      '--model',
      path.join(root, 'bundle'),
      '--dataset',
      'nih',
      '--split',
      'test',
      '--report',
      report,
    ]);
    expect(exitCode).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.report.model.kind).toBe('bundle');
    expect(fs.existsSync(path.join(report, 'report.json'))).toBe(true);
    const store = openStore({ dataDir });
    try {
      const row = store.sqlite.prepare('SELECT dataset_name AS d, split FROM evaluations WHERE id = ?').get(doc.evaluationId);
      expect(row).toEqual({ d: 'nih', split: 'test' });
    } finally {
      store.close();
    }
  }, 60_000);

  it('evaluates an ensemble given --model twice, and prints the calibration rows', async () => {
    const { stdout, exitCode } = await run([
      '--data-dir',
      dataDir,
      'eval',
      '--model',
      path.join(root, 'bundle'),
      '--model',
      path.join(root, 'bundle2'),
      '--dataset',
      'nih',
      '--report',
      path.join(root, 'report-ensemble'),
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/model\s+ensemble /);
    expect(stdout).toMatch(/Atelectasis ECE \(test prevalence 0\.\d{3}\)\s+before \d\.\d{3}, after temperature \d\.\d{3}/);
    expect(stdout).toContain('an ensemble has no decision rules of its own');
    const report = JSON.parse(fs.readFileSync(path.join(root, 'report-ensemble', 'report.json'), 'utf8'));
    expect(report.model.ensemble.members).toHaveLength(2);
  }, 120_000);

  it('rejects an unknown split and too few resamples as INVALID_ARGUMENT', async () => {
    const base = [
      '--json',
      '--data-dir',
      dataDir,
      'eval',
      '--model',
      path.join(root, 'bundle'),
      '--dataset',
      'nih',
      '--report',
      path.join(root, 'r'),
    ];
    await expect(run([...base, '--split', 'holdout'])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const error = await run([...base, '--resamples', '10']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HilumError);
    expect((error as HilumError).message).toMatch(/--resamples/);
  });
});
