// `hilum predict --json` through commander (registered here as the lead's index.ts will), with the audit trail in a temp data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../../src-main/cli/commands/predict';
import { openStore } from '../../../src-main/store/openStore';
import { auditEvents } from '../../../src-main/store/schema';
import { sharedDataDir } from '../../helpers/paths';
import { makeMicroBundle, nihDir } from './makeMicroBundle';
import { runCommandInProcess } from '../../helpers/runCommandInProcess';

interface JsonEntry {
  input: string;
  inputSha256: string;
  bundleHash: string;
  labels: Record<string, { probability: number; decision: string }>;
  ood: { score: number; flagged: boolean; reasons: string[] };
  abstained: boolean;
  error?: { code: string };
}

let root: string;
let bundleDir: string;
let bundleHash: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hilum-predict-cli-'));
  const b = await makeMicroBundle(path.join(root, 'bundle'));
  bundleDir = b.dir;
  bundleHash = b.bundleHash;
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[]) => runCommandInProcess(register, args);

describe('hilum predict', () => {
  it('--json prints one document with a result per input and appends one audit row per inference', async () => {
    const dataDir = path.join(root, 'data');
    const inputs = [
      path.join(nihDir, '00000001_000.png'),
      path.join(sharedDataDir, 'dicom/fo-dicom/GH133.dcm'),
      path.join(sharedDataDir, 'dicom/pydicom/meta_missing_tsyntax.dcm'),
    ];
    const { stdout, exitCode } = await run([
      '--json',
      '--data-dir',
      dataDir,
      'predict',
      '--bundle',
      bundleDir,
      '--allow-unlocked',
      ...inputs,
    ]);
    const doc = JSON.parse(stdout) as { bundleHash: string; results: JsonEntry[] };
    expect(doc.bundleHash).toBe(bundleHash);
    expect(doc.results).toHaveLength(3);
    const [first, mammo] = doc.results;
    expect(first!.bundleHash).toBe(bundleHash);
    expect(Object.keys(first!.labels)).toHaveLength(14);
    expect(typeof first!.labels.Effusion!.probability).toBe('number');
    expect(['positive', 'negative', 'abstain']).toContain(first!.labels.Effusion!.decision);
    expect(typeof first!.ood.score).toBe('number');
    expect(typeof first!.ood.flagged).toBe('boolean');
    expect(typeof first!.abstained).toBe('boolean');
    expect(mammo!.ood.reasons).toContain('NON_CHEST_MODALITY');
    // meta_missing_tsyntax.dcm has no usable image: a typed error in its entry, exit code 1, the others still answered.
    expect(doc.results[2]!.error!.code).toMatch(/^DICOM_/);
    const failed = doc.results.filter((r) => 'error' in r);
    expect(failed).toHaveLength(1);
    expect(exitCode).toBe(1);
    const store = openStore({ dataDir });
    try {
      const rows = store.db
        .select()
        .from(auditEvents)
        .all()
        .filter((r) => r.action === 'model.inference.unlocked'); // the test bundle is not a locked model (see test/main/governance/serving.test.ts)
      expect(rows).toHaveLength(3 - failed.length);
      expect(JSON.parse(rows[0]!.payloadJson).bundleHash).toBe(bundleHash);
      expect(rows[0]!.recordId).toBe(first!.inputSha256);
    } finally {
      store.close();
    }
  }, 60_000);

  it('prints one human line per input without --json', async () => {
    const { stdout, exitCode } = await run([
      '--data-dir',
      path.join(root, 'data2'),
      'predict',
      '--bundle',
      bundleDir,
      '--allow-unlocked',
      path.join(nihDir, '00000001_000.png'),
    ]);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toContain(bundleHash);
    expect(lines[1]).toMatch(/00000001_000\.png: positive: .*; OOD (no|FLAGGED)/);
    expect(exitCode).toBe(0);
  }, 60_000);
});
