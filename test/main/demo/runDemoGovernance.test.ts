// The demo's governance step on a fresh installation: accounts, an approved gate spec and release policy, signatures,
// and the expected refusal of the lock for a model whose release gates fail; the trail verifies afterwards.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemoGovernance } from '../../../src-main/demo/runDemoGovernance';
import { verifyAuditTrail } from '../../../src-main/governance';
import { loadFixture, makeBundle, openTempStore, removeTempDirs, tempDir } from '../governance/governanceFixtures';

afterAll(removeTempDirs);

describe('runDemoGovernance', () => {
  it('sets up controlled release criteria and refuses to lock a model that fails them', async () => {
    const store = openTempStore('demo-gov');
    try {
      const work = tempDir('demo-gov-work');
      const bundle = makeBundle(path.join(work, 'bundle'), 'demo');
      const report = loadFixture('evaluation-weak.json') as { model: Record<string, unknown> };
      const id = Number(
        store.sqlite
          .prepare(
            "INSERT INTO evaluations (model_kind, model_ref, model_hash, dataset_name, split, image_count, label_names_json, feature_width, report_json, created_at) VALUES ('bundle', ?, ?, 'synthetic', 'external', 400, '[]', 32, ?, 't')",
          )
          .run(bundle.bundlePath, bundle.bundleHash, JSON.stringify({ ...report, model: { ...report.model, hash: bundle.bundleHash } }))
          .lastInsertRowid,
      );
      const result = await runDemoGovernance({
        store,
        workDir: work,
        name: 'demo',
        version: '0.1.0',
        bundle: { dir: bundle.bundlePath, bundleHash: bundle.bundleHash },
        evaluations: [{ id, recordAs: 'external' }],
      });
      expect(result.performed).toBe(true);
      if (!result.performed) return;
      expect(result.gates.passed).toBe(false);
      expect(result.lock.locked).toBe(false);
      expect(result.lock.refusedBecause).toEqual(
        expect.arrayContaining([expect.stringMatching(/latest gate evaluation under release-default v1 .* failed/)]),
      );
      expect(result.lock.refusedBecause.join(' ')).not.toMatch(/no release policy|not approved|missing signature/);
      expect(verifyAuditTrail(store)).toMatchObject({ ok: true });
      // The demo records its data as synthetic, so the card carries the banner.
      expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', result.modelCard, '-'], { encoding: 'utf8' })).toMatch(
        /^SYNTHETIC DATA - not for clinical use/,
      );
    } finally {
      store.close();
    }
  });
});
