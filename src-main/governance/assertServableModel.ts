/**
 * For the app's worklist review: the model asked for must be the locked, approved one — its bundle
 * on disk intact and locked under this very model record (audited lock, intact signed head), and
 * its ONNX graph must match the manifest. Anything else is refused with the reason in words.
 */
import { HilumError } from '../../src-core/errors';
import { loadBundle } from '../bundle/loadBundle';
import type { Store } from '../store/openStore';
import { checkBundleModel } from './checkBundleModel';
import { getModel } from './modelRegistry';
import { verifyLockedBundle } from './verifyLockedBundle';

export function assertServableModel(store: Store, modelId: string): { bundleHash: string } {
  const model = getModel(store, modelId);
  if (model.status !== 'locked') {
    throw new HilumError(
      'MODEL_NOT_LOCKED',
      `${model.name} ${model.version} is ${model.status}, not locked: only a locked, approved model is served`,
      { modelId },
    );
  }
  const { model: locked, bundleHash } = verifyLockedBundle(store, model.bundlePath);
  if (locked.id !== model.id) {
    throw new HilumError(
      'MODEL_NOT_LOCKED',
      `${model.name} ${model.version}: its bundle is locked as ${locked.name} ${locked.version}, not as this model`,
      { modelId, bundleHash },
    );
  }
  checkBundleModel(loadBundle(model.bundlePath, { expectedHash: bundleHash }));
  return { bundleHash };
}
