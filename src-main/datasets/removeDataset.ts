/** `dataset remove`: deletes a dataset with its images, labels and quarantine rows (the pixel cache is shared and kept). */
import { eq, inArray } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { appendAuditEvent } from '../governance/auditTrail';
import { cliActor } from '../runs/cliActor';
import type { Store } from '../store/openStore';
import { datasetImages, datasetLabels, datasetQuarantine, datasets } from '../store/schema/datasets';
import { datasetContentHash } from './datasetContentHash';
import { loadDatasetByName } from './loadDatasetByName';

/** `actor`: the audit actor (the signed-in user in the app); the operating-system user by default. */
export function removeDataset(store: Store, name: string, actor?: string): { name: string; images: number } {
  const d = loadDatasetByName(store, name);
  const dependants = store.db.select({ name: datasets.name }).from(datasets).where(eq(datasets.externalOfDatasetId, d.id)).all();
  if (dependants.length > 0) {
    throw new HilumError(
      'CONFLICT',
      `"${name}" has external set(s) ${dependants.map((x) => `"${x.name}"`).join(', ')}; remove them first`,
      { name },
    );
  }
  const before = datasetContentHash(store, name);
  return store.db.transaction((tx) => {
    const images = tx
      .select({ id: datasetImages.id })
      .from(datasetImages)
      .where(eq(datasetImages.datasetId, d.id))
      .all()
      .map((r) => r.id);
    // Explicit deletes rather than relying on ON DELETE CASCADE, which needs foreign_keys = ON on the connection.
    for (let i = 0; i < images.length; i += 5000) {
      tx.delete(datasetLabels)
        .where(inArray(datasetLabels.imageId, images.slice(i, i + 5000)))
        .run();
    }
    tx.delete(datasetImages).where(eq(datasetImages.datasetId, d.id)).run();
    tx.delete(datasetQuarantine).where(eq(datasetQuarantine.datasetId, d.id)).run();
    tx.delete(datasets).where(eq(datasets.id, d.id)).run();
    appendAuditEvent(store, {
      actor: actor ?? cliActor(),
      action: 'dataset.removed',
      recordType: 'dataset',
      recordId: String(d.id),
      beforeHash: before,
      afterHash: null,
      payload: { name, images: images.length },
      state: [{ table: 'datasets', key: String(d.id) }],
    });
    return { name, images: images.length };
  });
}
