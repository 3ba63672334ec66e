// Registers, gates, signs (engineer authored, QA approved) and locks a vit-micro bundle made by the
// bundle tests' fixture maker, through the governance service — the way a real model gets locked.
// Given the admin's credentials, it first makes the release policy a lock needs (the smoke gate spec,
// approved by QA; engineer authors, QA approves) the installation default; otherwise the caller has.
import path from 'node:path';
import type { GateSpec } from '../../../src-core/governance';
import { evaluateModelGates } from '../../../src-main/governance/gateEvaluation';
import { approveGateSpec, gateSpecApproval, registerGateSpec } from '../../../src-main/governance/gateSpecs';
import { createReleasePolicy, setDefaultReleasePolicy } from '../../../src-main/governance/releasePolicy';
import { lockModel } from '../../../src-main/governance/lockModel';
import { recordModelMetrics, registerModel } from '../../../src-main/governance/modelRegistry';
import { signModel } from '../../../src-main/governance/signatures';
import { authenticate } from '../../../src-main/governance/userAccounts';
import type { Store } from '../../../src-main/store/openStore';
import { makeMicroBundle } from '../bundle/makeMicroBundle';

export interface Credentials {
  user: string;
  password: string;
}

const smokeGates: GateSpec = {
  name: 'smoke',
  gates: [{ id: 'cases', description: 'evaluated on cases', metric: 'external.cases', kind: 'evaluation', op: '>=', value: 1 }],
};

function smokeReleasePolicy(store: Store, engineer: Credentials, qa: Credentials, admin: Credentials): void {
  const registered = registerGateSpec(store, authenticate(store, engineer.user, engineer.password), smokeGates);
  if (!gateSpecApproval(store, registered)) approveGateSpec(store, { specId: registered.id, username: qa.user, password: qa.password });
  const policy = createReleasePolicy(store, {
    username: admin.user,
    password: admin.password,
    name: 'smoke policy',
    policy: {
      gateSpecId: registered.id,
      requiredSignatures: [
        { meaning: 'authored', roles: ['engineer'] },
        { meaning: 'approved', roles: ['qa'] },
      ],
      distinctSigners: true,
      authorMayApprove: false,
    },
  });
  setDefaultReleasePolicy(store, { username: admin.user, password: admin.password, policyId: policy.id });
}

export async function lockedMicroModel(
  store: Store,
  dir: string,
  engineer: Credentials,
  qa: Credentials,
  version = '1',
  admin?: Credentials,
): Promise<string> {
  if (admin) smokeReleasePolicy(store, engineer, qa, admin);
  const bundle = await makeMicroBundle(path.join(dir, `bundle-${version}`));
  const author = authenticate(store, engineer.user, engineer.password);
  const reviewer = authenticate(store, qa.user, qa.password);
  const model = registerModel(store, author, { name: 'micro', version, bundlePath: bundle.dir, bundleHash: bundle.bundleHash });
  recordModelMetrics(store, author, model.id, 'evaluation', { cases: 40 }, 'external');
  evaluateModelGates(store, reviewer, model.id, smokeGates);
  signModel(store, { modelId: model.id, username: engineer.user, password: engineer.password, meaning: 'authored' });
  signModel(store, { modelId: model.id, username: qa.user, password: qa.password, meaning: 'approved' });
  lockModel(store, reviewer, model.id);
  return model.id;
}
