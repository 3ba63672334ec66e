import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createChangeRequest,
  evaluateModelGates,
  getModel,
  loadGatesFile,
  lockModel,
  recordEvaluationMetrics,
  recordModelMetrics,
  registerModel,
  retireModel,
  revalidateThresholds,
  signModel,
  verifyAuditTrail,
  verifyLockedBundle,
} from '../../../src-main/governance';
import { collectModelCardData } from '../../../src-main/reports/modelCard/collectModelCardData';
import { renderModelCard } from '../../../src-main/reports/modelCard/renderModelCard';
import { repoRoot } from '../../helpers/paths';
import {
  approvedReleasePolicy,
  createTeam,
  evaluationFor,
  loadFixture,
  makeBundle,
  openTempStore,
  passwords,
  tempDir,
  removeTempDirs,
} from './governanceFixtures';

const gatesFile = path.join(repoRoot, 'resources/gates/release-default.yaml');

afterAll(removeTempDirs);

describe('governance full flow', () => {
  it('registers, gates, signs, locks, exports the card; refuses and audits bad locks; enforces change control', async () => {
    const store = openTempStore('flow');
    const work = tempDir('flow-files');
    try {
      const team = createTeam(store);
      const spec = loadGatesFile(gatesFile);
      approvedReleasePolicy(store, team, spec);

      // v1: strong metrics, passing gates.
      const b1 = makeBundle(path.join(work, 'bundle-v1'), 'v1');
      const m1 = registerModel(store, team.eng, { name: 'cxr-vit', version: '1.0.0', ...b1 });
      // The evaluation comes from a stored `hilum eval` run, accepted only if it evaluated this very bundle.
      const insertEvaluation = store.sqlite.prepare(
        "INSERT INTO evaluations (model_kind, model_ref, model_hash, dataset_name, split, image_count, label_names_json, feature_width, report_json, created_at) VALUES ('bundle', ?, ?, 'synthetic-external', 'external', 400, '[]', 32, ?, 't')",
      );
      const report = loadFixture('evaluation-strong.json') as { model: { hash: string } };
      const otherEval = Number(insertEvaluation.run('other', 'e'.repeat(64), JSON.stringify(report)).lastInsertRowid);
      const inconsistentEval = Number(insertEvaluation.run(b1.bundlePath, b1.bundleHash, JSON.stringify(report)).lastInsertRowid);
      const ownEval = Number(
        insertEvaluation.run(b1.bundlePath, b1.bundleHash, JSON.stringify({ ...report, model: { ...report.model, hash: b1.bundleHash } }))
          .lastInsertRowid,
      );
      expect(() => recordEvaluationMetrics(store, team.eng, m1.id, otherEval)).toThrowError(
        expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/not by the bundle/) }),
      );
      expect(() => recordEvaluationMetrics(store, team.eng, m1.id, inconsistentEval)).toThrowError(
        expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/report names model hash/) }),
      );
      expect(recordEvaluationMetrics(store, team.eng, m1.id, ownEval).dataset).toBe('external');
      recordModelMetrics(store, team.eng, m1.id, 'thresholds', loadFixture('thresholds.json'));
      recordModelMetrics(store, team.eng, m1.id, 'intendedUse', {
        use: 'Triage aid for adult frontal chest radiographs; not for paediatric use.',
      });
      recordModelMetrics(store, team.eng, m1.id, 'training', {
        pretraining: 'none (random init)',
        labelHandling: 'uncertain labels as U-ignore',
        augmentations: ['random crop', 'rotation 10 deg'],
        recipe: 'AdamW, 10 epochs',
      });

      expect(() => lockModel(store, team.qa, m1.id)).toThrowError(expect.objectContaining({ code: 'LOCK_REFUSED' }));
      const gate = evaluateModelGates(store, team.eng, m1.id, spec);
      expect(gate.passed).toBe(true);
      // Wrong password and wrong role are refused before anything is written.
      expect(() => signModel(store, { modelId: m1.id, username: 'eng', password: 'wrong-password', meaning: 'authored' })).toThrowError(
        expect.objectContaining({ code: 'AUTH_FAILED' }),
      );
      expect(() => signModel(store, { modelId: m1.id, username: 'eng', password: passwords.eng, meaning: 'approved' })).toThrowError(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      const authored = signModel(store, { modelId: m1.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
      // Missing QA approval → refused, and the refusal is audited.
      expect(() => lockModel(store, team.qa, m1.id)).toThrowError(
        expect.objectContaining({ code: 'LOCK_REFUSED', message: expect.stringMatching(/missing signature: approved/) }),
      );
      const approved = signModel(store, {
        modelId: m1.id,
        username: 'qa',
        password: passwords.qa,
        meaning: 'approved',
        comment: 'reviewed card',
      });
      expect(() => lockModel(store, team.eng, m1.id)).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
      const lock = lockModel(store, team.qa, m1.id);
      expect(lock.bundleHash).toBe(b1.bundleHash);
      expect(JSON.parse(lock.signatureIdsJson)).toEqual([authored.id, approved.id]);
      expect(getModel(store, m1.id).status).toBe('locked');

      // Locked means immutable: service and trigger both refuse.
      expect(() => recordModelMetrics(store, team.eng, m1.id, 'evaluation', {}, 'external')).toThrowError(
        expect.objectContaining({ code: 'MODEL_LOCKED' }),
      );
      expect(() => store.sqlite.prepare("UPDATE model_metrics SET json = '{}' WHERE model_id = ?").run(m1.id)).toThrow(/locked/);
      expect(() => store.sqlite.prepare('UPDATE models SET bundle_hash = ? WHERE id = ?').run('0'.repeat(64), m1.id)).toThrow(/locked/);
      expect(() => signModel(store, { modelId: m1.id, username: 'qa', password: passwords.qa, meaning: 'reviewed' })).toThrowError(
        expect.objectContaining({ code: 'MODEL_LOCKED' }),
      );
      expect(() => store.sqlite.prepare('DELETE FROM signatures').run()).toThrow(/append-only/);
      expect(() =>
        store.sqlite
          .prepare(
            "INSERT INTO signatures (id, model_id, user_id, printed_name, role, meaning, signed_at, record_hash, bundle_hash, metrics_hash) VALUES ('x', ?, ?, 'X', 'qa', 'approved', 't', 'h', 'b', 'm')",
          )
          .run(m1.id, team.qa.id),
      ).toThrow(/only rejected or retired/);
      expect(() => store.sqlite.prepare('DELETE FROM models WHERE id = ?').run(m1.id)).toThrow(/locked/);

      // Predict-time check: the bundle on disk must be the locked one.
      expect(verifyLockedBundle(store, b1.bundlePath).model.id).toBe(m1.id);

      // The card: text extractable, with signatures, bundle hash, subgroup table, "not evaluated" where nothing is stored.
      const pdf = path.join(work, 'card.pdf');
      const rendered = await renderModelCard(collectModelCardData(store, m1.id), pdf);
      expect(rendered.pages).toBeGreaterThan(1);
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      for (const s of [authored, approved]) {
        expect(text).toContain(s.printedName);
        expect(text).toContain(s.signedAt);
      }
      expect(text).toMatch(/Erin Engineer\s+engineer\s+authored/);
      expect(text).toMatch(/Quinn Quality\s+qa\s+approved/);
      expect(text).toContain(b1.bundleHash);
      expect(text).toContain('Macro AUROC by subgroup');
      expect(text).toMatch(/sex\s+F\s+\d+\s+0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/);
      expect(text).toMatch(/ageBand\s+\S+\s+\S+\s+0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/);
      expect(text).toMatch(/Data provenance and splits\s+Training data: not recorded/);
      expect(text).toMatch(/Paired tests \(e\.g\. DeLong[^\n]*not evaluated/);
      expect(text).toMatch(/far\s+folder synthetic-far \(200 cases\)\s+energy\s+0\.998 \[0\.99\d, (0\.99\d|1\.000)\]/);
      expect(text).toContain('(this bundle)');
      const head = collectModelCardData(store, m1.id).auditHead;
      expect(text).toContain(head.hash);

      // A second model whose gates fail cannot be locked even with both signatures; the refusal is audited.
      const b2 = makeBundle(path.join(work, 'bundle-weak'), 'weak');
      const weak = registerModel(store, team.eng2, { name: 'cxr-vit-weak', version: '0.1.0', ...b2 });
      recordModelMetrics(store, team.eng2, weak.id, 'evaluation', loadFixture('evaluation-weak.json'), 'external');
      expect(evaluateModelGates(store, team.eng2, weak.id, spec).passed).toBe(false);
      signModel(store, { modelId: weak.id, username: 'eng2', password: passwords.eng2, meaning: 'authored' });
      signModel(store, { modelId: weak.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
      expect(() => lockModel(store, team.qa, weak.id)).toThrowError(
        expect.objectContaining({ code: 'LOCK_REFUSED', message: expect.stringMatching(/gate evaluation .* failed/) }),
      );
      expect(() => verifyLockedBundle(store, b2.bundlePath)).toThrowError(expect.objectContaining({ code: 'MODEL_NOT_LOCKED' }));
      const refusals = store.sqlite
        .prepare("SELECT record_id, payload_json FROM audit_events WHERE action = 'lock.refused'")
        .all() as Array<{ record_id: string; payload_json: string }>;
      expect(refusals.map((r) => r.record_id).slice(0, 3)).toEqual([m1.id, m1.id, weak.id]);
      expect(refusals[2]!.payload_json).toMatch(/failed/);

      // Change control: v2 of the locked model.
      const b3 = makeBundle(path.join(work, 'bundle-v2'), 'v2');
      const m2 = registerModel(store, team.eng, { name: 'cxr-vit', version: '1.1.0', predecessorId: m1.id, ...b3 });
      recordModelMetrics(store, team.eng, m2.id, 'evaluation', evaluationFor('evaluation-strong.json', b3.bundleHash), 'external');
      recordModelMetrics(store, team.eng, m2.id, 'thresholds', loadFixture('thresholds.json'));
      recordModelMetrics(store, team.eng, m2.id, 'training', { recipe: 'AdamW, 12 epochs' });
      evaluateModelGates(store, team.eng, m2.id, spec);
      signModel(store, { modelId: m2.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
      signModel(store, { modelId: m2.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
      expect(() => lockModel(store, team.qa, m2.id)).toThrowError(
        expect.objectContaining({
          code: 'LOCK_REFUSED',
          message: expect.stringMatching(/change request is required.*thresholds are identical/),
        }),
      );
      const cr = createChangeRequest(store, team.eng, {
        modelId: m2.id,
        reason: 'two more epochs',
        riskAssessment: 'low: same data, same labels',
        whatChanged: 'training length',
      });
      expect(cr.diff.map((d) => `${d.section}:${d.path}`).sort()).toEqual([
        'bundle:bundleHash',
        'config:training.*.augmentations',
        'config:training.*.labelHandling',
        'config:training.*.pretraining',
        'config:training.*.recipe',
        'metrics:evaluation.external.model.hash',
        'metrics:intendedUse',
      ]);
      expect(cr.diff.some((d) => d.section === 'bundle')).toBe(true);
      expect(cr.diff.some((d) => d.path === 'training.*.recipe' && d.before === 'AdamW, 10 epochs' && d.after === 'AdamW, 12 epochs')).toBe(
        true,
      );
      // Gates evaluated before the change request are stale; thresholds copied unchanged need re-validation.
      expect(() => lockModel(store, team.qa, m2.id)).toThrowError(
        expect.objectContaining({
          message: expect.stringMatching(/gates were not re-evaluated after the change request.*thresholds are identical/),
        }),
      );
      await new Promise((r) => setTimeout(r, 5));
      evaluateModelGates(store, team.qa, m2.id, spec);
      // The re-evaluation supersedes the signatures given before it.
      expect(() => lockModel(store, team.qa, m2.id)).toThrowError(
        expect.objectContaining({ message: expect.stringMatching(/missing signature: authored.*missing signature: approved/) }),
      );
      expect(() => lockModel(store, team.qa, m2.id)).toThrowError(
        expect.objectContaining({ message: expect.not.stringMatching(/re-evaluated/) }),
      );
      signModel(store, { modelId: m2.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
      signModel(store, { modelId: m2.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
      revalidateThresholds(store, team.qa, m2.id, 'checked sensitivity at thresholds on internal validation, unchanged');
      expect(lockModel(store, team.qa, m2.id).changeRequestId).toBe(cr.id);

      // Retire flow on v1: allowed only through a re-authenticated retired signature.
      expect(() => retireModel(store, { modelId: m1.id, username: 'qa', password: 'nope-nope', reason: 'superseded' })).toThrowError(
        expect.objectContaining({ code: 'AUTH_FAILED' }),
      );
      expect(retireModel(store, { modelId: m1.id, username: 'qa', password: passwords.qa, reason: 'superseded by 1.1.0' }).status).toBe(
        'retired',
      );
      expect(() => verifyLockedBundle(store, b1.bundlePath)).toThrowError(expect.objectContaining({ code: 'MODEL_NOT_LOCKED' }));

      // A tampered bundle file is caught at predict time.
      fs.appendFileSync(path.join(b3.bundlePath, 'model.onnx'), 'x');
      expect(() => verifyLockedBundle(store, b3.bundlePath)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INTEGRITY' }));

      const verification = verifyAuditTrail(store);
      expect(verification.ok).toBe(true);
      const actions = (store.sqlite.prepare('SELECT action FROM audit_events ORDER BY seq').all() as Array<{ action: string }>).map(
        (r) => r.action,
      );
      for (const a of [
        'permission.denied',
        'user.createAdmin',
        'user.create',
        'model.register',
        'metrics.create',
        'gate.passed',
        'gate.failed',
        'sign.authored',
        'sign.approved',
        'auth.failed',
        'lock.refused',
        'model.lock',
        'change.create',
        'thresholds.revalidate',
        'sign.retired',
        'model.retire',
      ]) {
        expect(actions, a).toContain(a);
      }
      expect(verification.eventsChecked).toBe(actions.length);
    } finally {
      store.close();
    }
  });
});
