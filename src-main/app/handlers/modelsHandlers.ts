/** models.* handlers over the governance service: registry, gates, signatures, change control, lock, model card. */
import fs from 'node:fs';
import path from 'node:path';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { GateResult } from '../../../src-core/governance/evaluateGates';
import { latestChangeRequest } from '../../governance/changeControl';
import { latestGateEvaluation } from '../../governance/gateEvaluation';
import { getLock, lockModel } from '../../governance/lockModel';
import { getModel, listModels, type ModelRecord } from '../../governance/modelRegistry';
import { listSignatures, signModel, type SignatureRecord } from '../../governance/signatures';
import { authenticate } from '../../governance/userAccounts';
import { collectModelCardData } from '../../reports/modelCard/collectModelCardData';
import { renderModelCard } from '../../reports/modelCard/renderModelCard';
import type { AppCallContext, AppServices } from '../AppServices';

type Names = 'models.list' | 'models.detail' | 'models.sign' | 'models.lock' | 'models.exportPdf';

const listItem = (m: ModelRecord) => ({ id: m.id, name: m.name, version: m.version, bundleHash: m.bundleHash, status: m.status, createdBy: m.createdBy, createdAt: m.createdAt });
const signatureOf = (s: SignatureRecord) => ({ printedName: s.printedName, role: s.role, meaning: s.meaning, signedAt: s.signedAt, bundleHash: s.bundleHash, comment: s.comment });
/** The contract's gate-result fields (the stored row also holds `kind` and `observedPath`, which the page does not show). */
const gateResultOf = (g: GateResult) => ({ id: g.id, description: g.description, metric: g.metric, op: g.op, threshold: g.threshold, observed: g.observed, passed: g.passed, reason: g.reason });
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? 'null');

export function modelsHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'models.list': () => ({ models: listModels(services.store()).map(listItem) }),

    'models.detail': ({ modelId }) => {
      const store = services.store();
      const model = getModel(store, modelId);
      const gates = latestGateEvaluation(store, modelId);
      const change = latestChangeRequest(store, modelId);
      const lock = getLock(store, modelId);
      return {
        model: listItem(model),
        gates: gates && { name: gates.gatesName, passed: gates.passed, evaluatedAt: gates.evaluatedAt, evaluatedBy: gates.evaluatedBy, results: (JSON.parse(gates.resultsJson) as GateResult[]).map(gateResultOf) },
        signatures: listSignatures(store, modelId).map(signatureOf),
        changeRequest: change && {
          id: change.id, reason: change.reason, riskAssessment: change.riskAssessment, whatChanged: change.whatChanged, createdBy: change.createdBy, createdAt: change.createdAt,
          diff: (JSON.parse(change.diffJson) as Array<{ section: string; path: string; before: unknown; after: unknown }>).map((d) => ({ section: d.section, path: d.path, before: asText(d.before), after: asText(d.after) })),
        },
        lock: lock && { lockedBy: lock.lockedBy, lockedAt: lock.lockedAt, bundleHash: lock.bundleHash },
      };
    },

    'models.sign': ({ modelId, user, password, meaning, comment }) =>
      signatureOf(signModel(services.store(), { modelId, username: user, password, meaning, ...(comment ? { comment } : {}) })),

    'models.lock': ({ modelId, user, password }) => {
      const store = services.store();
      const lock = lockModel(store, authenticate(store, user, password), modelId);
      return { lockedBy: lock.lockedBy, lockedAt: lock.lockedAt, bundleHash: lock.bundleHash };
    },

    'models.exportPdf': async ({ modelId }) => {
      const store = services.store();
      // The file name comes from the model id, never from the renderer: main decides where files go.
      const file = path.join(services.dataDir, 'reports', `model-card-${modelId.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      return renderModelCard(collectModelCardData(store, modelId), file);
    },
  };
}
