/** models.* handlers over the governance service: registry, gates, signatures, change control, lock, model card. */
import fs from 'node:fs';
import path from 'node:path';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import type { GateResult } from '../../../src-core/governance/evaluateGates';
import { latestChangeRequest } from '../../governance/changeControl';
import { gateEvaluationHistory, latestGateEvaluation } from '../../governance/gateEvaluation';
import { getLock, lockModel } from '../../governance/lockModel';
import { getModel, listModels, type ModelRecord } from '../../governance/modelRegistry';
import { currentSignatureStatement, signaturesWithStatus, signModel, type SignatureRecord } from '../../governance/signatures';
import { resolveReleasePolicy } from '../../governance/releasePolicy';
import { authenticate } from '../../governance/userAccounts';
import { collectModelCardData } from '../../reports/modelCard/collectModelCardData';
import { renderModelCard } from '../../reports/modelCard/renderModelCard';
import type { AppCallContext, AppServices } from '../AppServices';
import { signedInUser } from '../session/SessionCallContext';

type Names = 'models.list' | 'models.detail' | 'models.sign' | 'models.signatureStatement' | 'models.lock' | 'models.exportPdf';

const listItem = (m: ModelRecord) => ({
  id: m.id,
  name: m.name,
  version: m.version,
  bundleHash: m.bundleHash,
  status: m.status,
  createdBy: m.createdBy,
  createdAt: m.createdAt,
});
const signatureOf = (
  s: SignatureRecord,
  status: { current: boolean; supersededBecause: string | null } = { current: true, supersededBecause: null },
) => ({
  printedName: s.printedName,
  role: s.role,
  meaning: s.meaning,
  signedAt: s.signedAt,
  bundleHash: s.bundleHash,
  comment: s.comment,
  statement: s.statement ?? null,
  ...status,
});
/** The contract's gate-result fields (the stored row also holds `kind` and `observedPath`, which the page does not show). */
const gateResultOf = (g: GateResult) => ({
  id: g.id,
  description: g.description,
  metric: g.metric,
  op: g.op,
  threshold: g.threshold,
  observed: g.observed,
  passed: g.passed,
  reason: g.reason,
});
const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'));

function requireSameUser(ctx: AppCallContext, user: string): void {
  const signedIn = signedInUser(ctx);
  if (signedIn.username !== user) {
    throw new HilumError('FORBIDDEN', `${signedIn.fullName} is signed in: only the signed-in user can sign or lock, not ${user}.`, {
      signedIn: signedIn.username,
      user,
    });
  }
}

export function modelsHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'models.list': () => ({ models: listModels(services.store()).map(listItem) }),

    'models.detail': ({ modelId }) => {
      const store = services.store();
      const model = getModel(store, modelId);
      const gates = latestGateEvaluation(store, modelId);
      const change = latestChangeRequest(store, modelId);
      const lock = getLock(store, modelId);
      const approvedSpecId = resolveReleasePolicy(store, model)?.gateSpecId ?? null;
      return {
        model: listItem(model),
        gates: gates && {
          name: gates.gatesName,
          passed: gates.passed,
          evaluatedAt: gates.evaluatedAt,
          evaluatedBy: gates.evaluatedBy,
          results: (JSON.parse(gates.resultsJson) as GateResult[]).map(gateResultOf),
        },
        gateHistory: gateEvaluationHistory(store, modelId).map((g) => ({
          id: g.id,
          name: g.gatesName,
          gatesHash: g.gatesHash,
          approvedSpec: approvedSpecId !== null && g.gateSpecId === approvedSpecId,
          passed: g.passed,
          evaluatedAt: g.evaluatedAt,
          evaluatedBy: g.evaluatedBy,
          results: (JSON.parse(g.resultsJson) as GateResult[]).map(gateResultOf),
        })),
        signatures: signaturesWithStatus(store, modelId).map((sig) =>
          signatureOf(sig, { current: sig.current, supersededBecause: sig.supersededBecause }),
        ),
        changeRequest: change && {
          id: change.id,
          reason: change.reason,
          riskAssessment: change.riskAssessment,
          whatChanged: change.whatChanged,
          createdBy: change.createdBy,
          createdAt: change.createdAt,
          diff: (JSON.parse(change.diffJson) as Array<{ section: string; path: string; before: unknown; after: unknown }>).map((d) => ({
            section: d.section,
            path: d.path,
            before: asText(d.before),
            after: asText(d.after),
          })),
        },
        lock: lock && { lockedBy: lock.lockedBy, lockedAt: lock.lockedAt, bundleHash: lock.bundleHash },
      };
    },

    // The signer is the signed-in user, who re-enters the password for every signature (Part 11 §11.200).
    'models.sign': ({ modelId, user, password, meaning, comment }, ctx) => {
      requireSameUser(ctx, user);
      return signatureOf(signModel(services.store(), { modelId, username: user, password, meaning, ...(comment ? { comment } : {}) }));
    },

    'models.signatureStatement': ({ modelId, meaning }) => {
      const store = services.store();
      const model = getModel(store, modelId);
      return {
        statement: currentSignatureStatement(store, modelId, meaning),
        modelId: model.id,
        name: model.name,
        version: model.version,
        bundleHash: model.bundleHash,
        gateEvaluationId: latestGateEvaluation(store, model.id)?.id ?? null,
      };
    },

    'models.lock': ({ modelId, user, password }, ctx) => {
      requireSameUser(ctx, user);
      const store = services.store();
      const lock = lockModel(store, authenticate(store, user, password), modelId);
      return { lockedBy: lock.lockedBy, lockedAt: lock.lockedAt, bundleHash: lock.bundleHash };
    },

    'models.exportPdf': async ({ modelId }) => {
      const store = services.store();
      // The file name comes from the model id, never from the renderer: main decides where files go.
      const fileName = `model-card-${modelId.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
      const file = path.join(services.dataDir, 'reports', fileName);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const { pages } = await renderModelCard(collectModelCardData(store, modelId), file);
      return { fileName, pages, pdfBase64: fs.readFileSync(file).toString('base64') };
    },
  };
}
