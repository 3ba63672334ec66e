// `hilum demo --json` end to end at a small size, through the real bin entry: the last output names
// the bundle, the data directory and the figures; the bundle verifies by its hashes; the audit
// trail verifies and holds one inference row per prediction.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src-main/bundle/loadBundle';
import { verifyAuditTrail } from '../../../src-main/governance/verifyAuditTrail';
import { openStore } from '../../../src-main/store/openStore';
import { repoRoot } from '../../helpers/paths';

const run = promisify(execFile);

describe('hilum demo', () => {
  it('runs the whole recipe on synthetic phantoms and reports what it measured', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-demo-'));
    const { stdout } = await run(
      'node',
      [
        path.join(repoRoot, 'bin/hilum.mjs'),
        'demo',
        '--json',
        '--data-dir',
        dataDir,
        '--images',
        '90',
        '--epochs',
        '2',
        '--pretrain-epochs',
        '1',
      ],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
    );
    const summary = JSON.parse(stdout);
    expect(summary.synthetic).toBe(true);
    expect(summary.dataDir).toBe(dataDir);
    expect(verifyBundle(summary.bundle).bundleHash).toBe(summary.bundleHash);
    expect(summary.figures.onnxParityMaxAbsLogitDiff).toBeLessThanOrEqual(1e-4);
    expect(summary.figures.internalTest.macro.auroc).toHaveProperty('value');
    expect(summary.figures.external.macro.auroc).toHaveProperty('value');
    expect(summary.figures.governance.performed).toBe(true);
    expect(fs.readFileSync(summary.artefacts.modelCard).subarray(0, 5).toString()).toBe('%PDF-');
    const predictions = summary.figures.predictions as Array<{ error?: string }>;
    expect(predictions.length).toBeGreaterThan(0);
    const store = openStore({ dataDir });
    try {
      expect(verifyAuditTrail(store).ok).toBe(true);
      const inferences = store.sqlite.prepare("select count(*) as n from audit_events where action = 'model.inference'").get() as {
        n: number;
      };
      expect(inferences.n).toBe(predictions.filter((p) => !p.error).length);
    } finally {
      store.close();
    }
    // Every stage runs as a worker job (each a fresh worker): on a loaded 2-core machine this takes minutes.
  }, 400_000);
});
