import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  evaluateModelGates,
  loadGatesFile,
  lockModel,
  parseReleasePolicy,
  recordModelMetrics,
  registerModel,
  signModel,
} from '../../../src-main/governance';
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

const spec = loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json'));

afterAll(removeTempDirs);

describe('lock rules', () => {
  it('ignores stale signatures, honours a rejection, and judges by the policy fixed at registration', () => {
    const store = openTempStore('lockrules');
    try {
      const team = createTeam(store);
      const { specId } = approvedReleasePolicy(store, team, spec);
      const m = registerModel(store, team.eng, { name: 'm', version: '1', ...makeBundle(path.join(tempDir('lockrules-b'), 'b'), 'x') });
      recordModelMetrics(store, team.eng, m.id, 'evaluation', loadFixture('evaluation-strong.json'), 'external');
      signModel(store, { modelId: m.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
      signModel(store, { modelId: m.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
      // Metrics change after signing: both signatures are for an earlier record.
      recordModelMetrics(store, team.eng, m.id, 'thresholds', loadFixture('thresholds.json'));
      expect(() => lockModel(store, team.qa, m.id)).toThrowError(
        expect.objectContaining({
          code: 'LOCK_REFUSED',
          details: expect.objectContaining({
            reasons: [
              expect.stringMatching(/^no gate evaluation stored/),
              expect.stringMatching(/missing signature: authored/),
              expect.stringMatching(/missing signature: approved/),
              'evaluation "external" was computed by model synthetic (fixture: no real bundle), not by this bundle',
            ],
          }),
        }),
      );
      recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-strong.json', m.bundleHash), 'external');
      evaluateModelGates(store, team.eng, m.id, spec);
      signModel(store, { modelId: m.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
      signModel(store, {
        modelId: m.id,
        username: 'qa',
        password: passwords.qa,
        meaning: 'rejected',
        comment: 'label noise not addressed',
      });
      signModel(store, { modelId: m.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
      expect(() => lockModel(store, team.qa, m.id)).toThrowError(
        expect.objectContaining({ message: expect.stringMatching(/rejected by Quinn Quality/) }),
      );

      // A stricter policy fixed at registration (radiologist review) is what this model's lock is judged by.
      const strict = approvedReleasePolicy(
        store,
        team,
        spec,
        {
          requiredSignatures: [
            { meaning: 'authored', roles: ['engineer'] },
            { meaning: 'reviewed', roles: ['radiologist'] },
            { meaning: 'approved', roles: ['qa'] },
          ],
        },
        false,
      );
      expect(strict.specId).toBe(specId);
      const m2 = registerModel(store, team.eng, {
        name: 'm2',
        version: '1',
        releasePolicyId: strict.policyId,
        ...makeBundle(path.join(tempDir('lockrules-b2'), 'b'), 'y'),
      });
      recordModelMetrics(store, team.eng, m2.id, 'evaluation', evaluationFor('evaluation-strong.json', m2.bundleHash), 'external');
      evaluateModelGates(store, team.eng, m2.id, spec);
      signModel(store, { modelId: m2.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
      signModel(store, { modelId: m2.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
      expect(() => lockModel(store, team.qa, m2.id)).toThrowError(
        expect.objectContaining({ message: expect.stringMatching(/missing signature: reviewed by radiologist/) }),
      );
      signModel(store, { modelId: m2.id, username: 'rad', password: passwords.rad, meaning: 'reviewed' });
      expect(lockModel(store, team.qa, m2.id).modelId).toBe(m2.id);
      expect(() =>
        parseReleasePolicy({ gateSpecId: specId, requiredSignatures: [{ meaning: 'locked', roles: ['qa'] }] }, 'p.yaml'),
      ).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
      expect(() =>
        parseReleasePolicy({ gateSpecId: specId, requiredSignatures: [{ meaning: 'authored', roles: ['qa'] }] }, 'p.yaml'),
      ).toThrowError(expect.objectContaining({ message: expect.stringMatching(/must require an "approved"/) }));
    } finally {
      store.close();
    }
  });

  it('a QA user cannot fill both required roles (distinct signers)', () => {
    const store = openTempStore('distinct');
    try {
      const team = createTeam(store);
      approvedReleasePolicy(store, team, spec, {
        requiredSignatures: [
          { meaning: 'reviewed', roles: ['qa', 'radiologist'] },
          { meaning: 'approved', roles: ['qa'] },
        ],
      });
      const m = registerModel(store, team.eng, { name: 'm', version: '1', ...makeBundle(path.join(tempDir('distinct-b'), 'b'), 'z') });
      recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-strong.json', m.bundleHash), 'external');
      evaluateModelGates(store, team.qa, m.id, spec);
      signModel(store, { modelId: m.id, username: 'qa', password: passwords.qa, meaning: 'reviewed' });
      signModel(store, { modelId: m.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
      expect(() => lockModel(store, team.qa, m.id)).toThrowError(
        expect.objectContaining({ message: expect.stringMatching(/must come from distinct people/) }),
      );
      signModel(store, { modelId: m.id, username: 'rad', password: passwords.rad, meaning: 'reviewed' });
      expect(lockModel(store, team.qa, m.id).modelId).toBe(m.id);
    } finally {
      store.close();
    }
  });
});
