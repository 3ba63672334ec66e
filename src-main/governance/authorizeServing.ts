/**
 * Serving checks the registry: before `hilum predict` runs a bundle, it must be intact, its ONNX
 * model must match its manifest, and its hash must belong to a locked model whose lock the audit
 * trail vouches for. Otherwise the run is refused (typed error, audited) unless the caller allows
 * unlocked research use explicitly — that choice is audited too, and every output is marked.
 */
import { HilumError } from '../../src-core/errors';
import { loadBundle } from '../bundle/loadBundle';
import type { Store } from '../store/openStore';
import { appendAuditEvent, appendAuditEvents } from './auditTrail';
import { checkBundleModel } from './checkBundleModel';
import { verifyLockedBundle } from './verifyLockedBundle';

export const researchUseMark = 'NOT LOCKED — research use';

/** Who runs inference: an authenticated user, or the OS account (marked unauthenticated). */
export interface ServingActor {
  actor: string;
  authenticated: boolean;
}

export interface ServingDecision {
  /** True when every bundle is a locked, audited model. */
  locked: boolean;
  bundles: Array<{ bundleHash: string; modelId: string | null; model: string | null; refusal: string | null }>;
}

export function authorizeServing(store: Store, bundleDirs: string[], who: ServingActor, allowUnlocked: boolean): ServingDecision {
  const bundles = bundleDirs.map((dir) => {
    const loaded = loadBundle(dir);
    checkBundleModel(loaded);
    try {
      const { model } = verifyLockedBundle(store, dir);
      return { bundleHash: loaded.bundleHash, modelId: model.id, model: `${model.name} ${model.version}`, refusal: null };
    } catch (error) {
      if (!(error instanceof HilumError) || error.code !== 'MODEL_NOT_LOCKED') throw error;
      return { bundleHash: loaded.bundleHash, modelId: null, model: null, refusal: error.message };
    }
  });
  const unlocked = bundles.filter((b) => b.refusal !== null);
  if (unlocked.length === 0) return { locked: true, bundles };
  // No paths in the trail: the bundle hash identifies what was asked for.
  const payload = { bundleHashes: unlocked.map((b) => b.bundleHash), authenticated: who.authenticated };
  if (!allowUnlocked) {
    appendAuditEvent(store, {
      actor: who.actor,
      action: 'inference.refused',
      recordType: 'bundle',
      recordId: unlocked[0]!.bundleHash,
      payload,
    });
    throw new HilumError(
      'MODEL_NOT_LOCKED',
      `${unlocked.map((b) => b.refusal).join('; ')}. Only locked models are served; --allow-unlocked runs it for research use (audited, outputs marked "${researchUseMark}")`,
      { bundleHashes: payload.bundleHashes },
    );
  }
  appendAuditEvent(store, {
    actor: who.actor,
    action: 'inference.unlocked',
    recordType: 'bundle',
    recordId: unlocked[0]!.bundleHash,
    payload: { ...payload, mark: researchUseMark },
  });
  return { locked: false, bundles };
}

/**
 * The audit rows of one serving run, one per inference (input hash, bundle hash, outputs, UTC time, who and
 * whether the model was locked — never the file name), appended in one transaction under one signed head.
 */
export function auditServedInferences(
  store: Store,
  who: ServingActor,
  decision: ServingDecision,
  records: ReadonlyArray<{ inputSha256: string; bundleHash: string; utc: string; outputs: unknown }>,
): void {
  appendAuditEvents(
    store,
    records.map((record) => ({
      actor: who.actor,
      action: decision.locked ? 'model.inference' : 'model.inference.unlocked',
      recordType: 'inference',
      recordId: record.inputSha256,
      payload: {
        inputSha256: record.inputSha256,
        bundleHash: record.bundleHash,
        utc: record.utc,
        outputs: record.outputs,
        authenticated: who.authenticated,
        locked: decision.locked,
        modelIds: decision.bundles.map((b) => b.modelId),
      },
    })),
  );
}
