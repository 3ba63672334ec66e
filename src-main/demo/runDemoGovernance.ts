/**
 * The governance part of the demo: on an installation with no user accounts yet, it creates three
 * demo accounts (admin, engineer, QA; random passwords written to a 0600 file in the demo folder),
 * registers the bundle, stores its evaluations, runs the release gates, signs as author and QA,
 * tries to lock (refused and audited when a gate fails — the expected outcome for a toy model),
 * and exports the model card PDF. On an installation that already has accounts it registers nothing
 * and says so: the demo never touches real users.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HilumError } from '../../src-core/errors';
import { loadGatesFile, evaluateModelGates } from '../governance/gateEvaluation';
import { lockModel } from '../governance/lockModel';
import { registerModel } from '../governance/modelRegistry';
import { recordEvaluationMetrics } from '../governance/recordEvaluationMetrics';
import { signModel } from '../governance/signatures';
import { countUsers, createFirstAdmin, createUser } from '../governance/userAccounts';
import { auditHead } from '../governance/auditTrail';
import { collectModelCardData } from '../reports/modelCard/collectModelCardData';
import { renderModelCard } from '../reports/modelCard/renderModelCard';
import type { Store } from '../store/openStore';

export const releaseGatesFile = fileURLToPath(new URL('../../resources/gates/release-default.yaml', import.meta.url));

export interface DemoGovernanceInput {
  store: Store;
  workDir: string;
  name: string;
  version: string;
  bundle: { dir: string; bundleHash: string };
  evaluations: Array<{ id: number; recordAs: string }>;
}

export type DemoGovernanceResult =
  | { performed: false; reason: string }
  | {
      performed: true;
      modelId: string;
      accountsFile: string;
      gates: { passed: boolean; results: Array<{ id: string; passed: boolean; observed: number | null; threshold: number; op: string }> };
      signatures: string[];
      lock: { locked: boolean; refusedBecause: string[] };
      modelCard: string;
      auditHead: { seq: number; hash: string };
    };

export async function runDemoGovernance(input: DemoGovernanceInput): Promise<DemoGovernanceResult> {
  const { store } = input;
  if (countUsers(store) > 0) {
    return { performed: false, reason: 'this installation already has user accounts; the demo does not create or use accounts here (register the bundle with `hilum model register`)' };
  }
  const password = () => randomBytes(12).toString('base64url');
  const accounts = { admin: password(), engineer: password(), qa: password() };
  const accountsFile = path.join(input.workDir, 'demo-accounts.txt');
  fs.writeFileSync(accountsFile, Object.entries(accounts).map(([role, pw]) => `demo-${role}\t${pw}`).join('\n') + '\n', { mode: 0o600 });
  const admin = createFirstAdmin(store, { username: 'demo-admin', fullName: 'Demo Administrator', password: accounts.admin });
  const engineer = createUser(store, admin, { username: 'demo-engineer', fullName: 'Demo Engineer', role: 'engineer', password: accounts.engineer });
  const qa = createUser(store, admin, { username: 'demo-qa', fullName: 'Demo QA Reviewer', role: 'qa', password: accounts.qa });

  const model = registerModel(store, engineer, { name: input.name, version: input.version, bundlePath: input.bundle.dir, bundleHash: input.bundle.bundleHash });
  for (const evaluation of input.evaluations) recordEvaluationMetrics(store, engineer, model.id, evaluation.id, evaluation.recordAs);
  const gates = evaluateModelGates(store, engineer, model.id, loadGatesFile(releaseGatesFile));
  const signatures = [
    signModel(store, { modelId: model.id, username: 'demo-engineer', password: accounts.engineer, meaning: 'authored', comment: 'hilum demo (synthetic data)' }),
    signModel(store, { modelId: model.id, username: 'demo-qa', password: accounts.qa, meaning: 'approved', comment: 'hilum demo (synthetic data): approval signature shown for the workflow only' }),
  ];
  let lock: { locked: boolean; refusedBecause: string[] };
  try {
    lockModel(store, qa, model.id);
    lock = { locked: true, refusedBecause: [] };
  } catch (error) {
    if (!(error instanceof HilumError) || error.code !== 'LOCK_REFUSED') throw error;
    lock = { locked: false, refusedBecause: (error.details.reasons as string[]) ?? [error.message] };
  }
  const modelCard = path.join(input.workDir, 'model-card.pdf');
  await renderModelCard(collectModelCardData(store, model.id), modelCard);
  return {
    performed: true,
    modelId: model.id,
    accountsFile,
    gates: { passed: gates.passed, results: gates.results.map((r) => ({ id: r.id, passed: r.passed, observed: r.observed, threshold: r.threshold, op: r.op })) },
    signatures: signatures.map((s) => `${s.meaning} by ${s.printedName} at ${s.signedAt}`),
    lock,
    modelCard,
    auditHead: auditHead(store),
  };
}
