import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GateSpec } from '../../../src-core/governance';
import {
  approveGateSpec,
  createChangeRequest,
  createReleasePolicy,
  evaluateModelGates,
  getModel,
  loadGatesFile,
  lockModel,
  recordModelMetrics,
  registerGateSpec,
  registerModel,
  signaturesWithStatus,
  signModel,
} from '../../../src-main/governance';
import type { Store } from '../../../src-main/store/openStore';
import { repoRoot } from '../../helpers/paths';
import {
  approvedReleasePolicy,
  createTeam,
  evaluationFor,
  makeBundle,
  openTempStore,
  passwords,
  removeTempDirs,
  tempDir,
  type Team,
} from './governanceFixtures';

const release = loadGatesFile(path.join(repoRoot, 'resources/gates/release-default.yaml'));
const lenient: GateSpec = {
  name: 'lenient',
  gates: [
    { id: 'auroc', description: 'anything goes', metric: 'external.metrics.macro.auroc.ci95[0]', kind: 'evaluation', op: '>=', value: -1 },
  ],
};

afterAll(removeTempDirs);

function setUp(prefix: string): { store: Store; team: Team } {
  const store = openTempStore(prefix);
  const team = createTeam(store);
  approvedReleasePolicy(store, team, release);
  return { store, team };
}

function draft(
  store: Store,
  team: Team,
  name: string,
  version: string,
  metrics: 'evaluation-strong.json' | 'evaluation-weak.json',
  extra: { predecessorId?: string } = {},
) {
  const bundle = makeBundle(path.join(tempDir(`${name}-${version}`), 'b'), `${name}${version}`);
  const m = registerModel(store, team.eng, { name, version, ...bundle, ...extra });
  recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor(metrics, m.bundleHash), 'external');
  return m;
}

function signBoth(store: Store, modelId: string): void {
  signModel(store, { modelId, username: 'eng', password: passwords.eng, meaning: 'authored' });
  signModel(store, { modelId, username: 'qa', password: passwords.qa, meaning: 'approved' });
}

describe('the bypasses found in review are closed', () => {
  it('one QA user with a lenient gates file and their own policy is refused', () => {
    const { store, team } = setUp('lenient');
    try {
      const m = draft(store, team, 'cxr', '1.0.0', 'evaluation-weak.json');
      expect(evaluateModelGates(store, team.eng, m.id, release).passed).toBe(false);
      // The lenient file passes and is stored (history), but it is not an approved spec ...
      const lenientEval = evaluateModelGates(store, team.qa, m.id, lenient);
      expect(lenientEval.passed).toBe(true);
      signBoth(store, m.id);
      expect(() => lockModel(store, team.qa, m.id)).toThrowError(
        expect.objectContaining({
          code: 'LOCK_REFUSED',
          message: expect.stringMatching(/did not use the approved gate spec release-default/),
        }),
      );
      // ... QA cannot approve the spec they registered themselves ...
      expect(() => approveGateSpec(store, { specId: lenientEval.gateSpecId, username: 'qa', password: passwords.qa })).toThrowError(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      // ... nor write their own release policy (admins only, by signature) ...
      expect(() =>
        createReleasePolicy(store, {
          username: 'qa',
          password: passwords.qa,
          name: 'mine',
          policy: {
            gateSpecId: lenientEval.gateSpecId,
            requiredSignatures: [{ meaning: 'approved', roles: ['qa'] }],
            distinctSigners: false,
            authorMayApprove: true,
          },
        }),
      ).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
      // ... and `lockModel` takes no policy from its caller at all.
      expect(lockModel.length).toBe(3);
      // Even an approved lenient spec does not count: the model's release policy names release-default.
      const lenientByEng = registerGateSpec(store, team.eng, { ...lenient, name: 'lenient-2' });
      approveGateSpec(store, { specId: lenientByEng.id, username: 'qa', password: passwords.qa });
      evaluateModelGates(store, team.qa, m.id, { ...lenient, name: 'lenient-2' });
      signBoth(store, m.id);
      expect(() => lockModel(store, team.qa, m.id)).toThrowError(
        expect.objectContaining({
          code: 'LOCK_REFUSED',
          message: expect.stringMatching(/did not use the approved gate spec release-default/),
        }),
      );
      // Back under the approved spec the failure is what decides.
      evaluateModelGates(store, team.eng, m.id, release);
      signBoth(store, m.id);
      expect(() => lockModel(store, team.qa, m.id)).toThrowError(
        expect.objectContaining({ message: expect.stringMatching(/latest gate evaluation under release-default v1 .* failed/) }),
      );
      expect(getModel(store, m.id).status).toBe('draft');
    } finally {
      store.close();
    }
  });

  it('an approval signed before a re-evaluation no longer counts, and is shown superseded', () => {
    const { store, team } = setUp('superseded');
    try {
      const m = draft(store, team, 'cxr', '1.0.0', 'evaluation-weak.json');
      expect(evaluateModelGates(store, team.eng, m.id, release).passed).toBe(false);
      signBoth(store, m.id);
      // The metrics are replaced and the gates now pass: the approval given while failing is stale.
      recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-strong.json', m.bundleHash), 'external');
      expect(evaluateModelGates(store, team.eng, m.id, release).passed).toBe(true);
      expect(() => lockModel(store, team.qa, m.id)).toThrowError(
        expect.objectContaining({ message: expect.stringMatching(/missing signature: authored.*missing signature: approved/) }),
      );
      signBoth(store, m.id);
      // A later evaluation, even with the same result, supersedes again.
      evaluateModelGates(store, team.eng, m.id, release);
      expect(() => lockModel(store, team.qa, m.id)).toThrowError(expect.objectContaining({ code: 'LOCK_REFUSED' }));
      const statuses = signaturesWithStatus(store, m.id);
      expect(statuses.map((s) => s.current)).toEqual([false, false, false, false]);
      expect(statuses[0]!.supersededBecause).toMatch(/record .* changed|later gate evaluation/);
      expect(statuses[3]!.supersededBecause).toBe('a later gate evaluation supersedes it');
      signBoth(store, m.id);
      expect(lockModel(store, team.qa, m.id).modelId).toBe(m.id);
      expect(
        signaturesWithStatus(store, m.id)
          .filter((s) => s.current)
          .map((s) => s.meaning),
      ).toEqual(['authored', 'approved']);
      // Every signature stores its statement of intent and what it bound.
      expect(statuses[1]).toMatchObject({
        meaning: 'approved',
        statement: expect.stringMatching(/^I approve this model record for release .*bundle SHA-256 [0-9a-f]{64}.*legally binding/),
      });
    } finally {
      store.close();
    }
  });

  it('a new version of a name with a locked model needs a change request, with or without --predecessor', async () => {
    const { store, team } = setUp('newversion');
    try {
      const v1 = draft(store, team, 'cxr', '1.0.0', 'evaluation-strong.json');
      evaluateModelGates(store, team.eng, v1.id, release);
      signBoth(store, v1.id);
      lockModel(store, team.qa, v1.id);
      // Registered without --predecessor: the locked 1.0.0 becomes its predecessor anyway.
      const v2 = draft(store, team, 'cxr', '2.0.0', 'evaluation-strong.json');
      expect(v2.predecessorId).toBe(v1.id);
      evaluateModelGates(store, team.eng, v2.id, release);
      signBoth(store, v2.id);
      expect(() => lockModel(store, team.qa, v2.id)).toThrowError(
        expect.objectContaining({ code: 'LOCK_REFUSED', message: expect.stringMatching(/change request is required/) }),
      );
      // Naming a draft of another name as predecessor does not escape it either.
      const other = draft(store, team, 'other', '0.1.0', 'evaluation-strong.json');
      const v3 = draft(store, team, 'cxr', '3.0.0', 'evaluation-strong.json', { predecessorId: other.id });
      evaluateModelGates(store, team.eng, v3.id, release);
      signBoth(store, v3.id);
      expect(() => lockModel(store, team.qa, v3.id)).toThrowError(
        expect.objectContaining({ message: expect.stringMatching(/change request is required/) }),
      );
      // With a change request (and gates re-evaluated after it, signed again) the lock goes through.
      createChangeRequest(store, team.eng, { modelId: v2.id, reason: 'retrained', riskAssessment: 'low', whatChanged: 'weights' });
      // Gate times are compared with the change request's; equal milliseconds count as stale.
      await new Promise((resolve) => setTimeout(resolve, 5));
      evaluateModelGates(store, team.eng, v2.id, release);
      signBoth(store, v2.id);
      expect(lockModel(store, team.qa, v2.id).changeRequestId).not.toBeNull();
    } finally {
      store.close();
    }
  });
});
