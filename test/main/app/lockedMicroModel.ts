// Registers, gates, signs (engineer authored, QA approved) and locks a vit-micro bundle made by the
// bundle tests' fixture maker, through the governance service — the way a real model gets locked.
import path from 'node:path';
import { evaluateModelGates } from '../../../src-main/governance/gateEvaluation';
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

export async function lockedMicroModel(store: Store, dir: string, engineer: Credentials, qa: Credentials, version = '1'): Promise<string> {
  const bundle = await makeMicroBundle(path.join(dir, `bundle-${version}`));
  const author = authenticate(store, engineer.user, engineer.password);
  const reviewer = authenticate(store, qa.user, qa.password);
  const model = registerModel(store, author, { name: 'micro', version, bundlePath: bundle.dir, bundleHash: bundle.bundleHash });
  recordModelMetrics(store, author, model.id, 'evaluation', { cases: 40 }, 'external');
  evaluateModelGates(store, reviewer, model.id, { name: 'smoke', gates: [{ id: 'cases', description: 'evaluated on cases', metric: 'external.cases', kind: 'evaluation', op: '>=', value: 1 }] });
  signModel(store, { modelId: model.id, username: engineer.user, password: engineer.password, meaning: 'authored' });
  signModel(store, { modelId: model.id, username: qa.user, password: qa.password, meaning: 'approved' });
  lockModel(store, reviewer, model.id);
  return model.id;
}
