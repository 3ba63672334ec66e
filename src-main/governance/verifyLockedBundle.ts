/**
 * For inference: the bundle on disk must be the one that was locked. The bundle is verified byte
 * for byte by the bundle module (`verifyBundle`: canonical manifest, every file's SHA-256 and size,
 * no unlisted files; bundle hash = SHA-256 of manifest.json), then a locked (not retired) model
 * with a lock record for that hash is required, and that lock row must be the one the audit trail
 * vouches for (a `model.lock` event carrying its content hash) — a row inserted behind the
 * services' back is not served.
 */
import { and, eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { verifyBundle } from '../bundle/loadBundle';
import type { Store } from '../store/openStore';
import { modelLocks, models } from '../store/schema';
import { assertAuditHeadIntact } from './auditTrail';
import { isRowAudited } from './assertRowAudited';
import type { ModelRecord } from './modelRegistry';
import type { ModelLockRecord } from './lockModel';

/** The verified bundle hash of a bundle directory (BUNDLE_INTEGRITY when any byte differs from its manifest). */
export function hashBundleOnDisk(bundlePath: string): string {
  return verifyBundle(bundlePath).bundleHash;
}

export function verifyLockedBundle(store: Store, bundlePath: string): { model: ModelRecord; lock: ModelLockRecord; bundleHash: string } {
  const bundleHash = hashBundleOnDisk(bundlePath);
  const model = store.db
    .select()
    .from(models)
    .where(and(eq(models.bundleHash, bundleHash), eq(models.status, 'locked')))
    .get();
  const lock = model ? store.db.select().from(modelLocks).where(eq(modelLocks.modelId, model.id)).get() : undefined;
  if (!model || !lock || lock.bundleHash !== bundleHash) {
    throw new HilumError('MODEL_NOT_LOCKED', `${bundlePath}: no locked model has bundle hash ${bundleHash}`, {
      file: bundlePath,
      bundleHash,
    });
  }
  assertAuditHeadIntact(store);
  if (!isRowAudited(store, 'model_locks', model.id, lock.lockedAt)) {
    throw new HilumError(
      'MODEL_NOT_LOCKED',
      `${bundlePath}: the lock record of ${model.name} ${model.version} is not the one the audit trail vouches for (written outside Hilum?): run \`hilum audit verify\``,
      { file: bundlePath, bundleHash, modelId: model.id },
    );
  }
  return { model, lock, bundleHash };
}
