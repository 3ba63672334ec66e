/**
 * A dataset as one governed record: its `datasets` row with every image row, label row and
 * quarantine row under it, hashed together. Per-row claims would cost one hash per image in every
 * import's audit event; one claim per dataset still names the dataset whose rows were changed.
 */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Store } from '../store/openStore';
import { datasetQuarantine, datasets } from '../store/schema';
import { canonicalJson } from '../../src-core/governance';

/** SHA-256 over the dataset row, then its images (by id), label rows (by image, label) and quarantine rows (by id). */
export function datasetStateHash(store: Store, id: number): string | null {
  const row = store.db.select().from(datasets).where(eq(datasets.id, id)).get();
  if (!row) return null;
  const h = createHash('sha256');
  h.update(`dataset ${canonicalJson(row)}\n`);
  const images = store.sqlite.prepare('SELECT * FROM dataset_images WHERE dataset_id = ? ORDER BY id').iterate(id);
  for (const image of images) h.update(`image ${canonicalJson(image)}\n`);
  const labels = store.sqlite
    .prepare(
      `SELECT l.image_id, l.label, l.state FROM dataset_labels l JOIN dataset_images i ON i.id = l.image_id
       WHERE i.dataset_id = ? ORDER BY l.image_id, l.label`,
    )
    .iterate(id);
  for (const label of labels) h.update(`label ${canonicalJson(label)}\n`);
  const quarantined = store.db
    .select()
    .from(datasetQuarantine)
    .where(eq(datasetQuarantine.datasetId, id))
    .orderBy(asc(datasetQuarantine.id));
  for (const q of quarantined.all()) h.update(`quarantine ${canonicalJson(q)}\n`);
  return h.digest('hex');
}

/**
 * Every dataset's state hash, keyed by dataset id. Label rows whose image is gone and images whose
 * dataset is gone are reported under their dataset id too (an orphan row is an edit outside Hilum).
 */
export function readDatasetStates(store: Store): Map<string, string> {
  const out = new Map<string, string>();
  for (const { id } of store.db.select({ id: datasets.id }).from(datasets).all())
    out.set(String(id), datasetStateHash(store, id) as string);
  const orphans = store.sqlite
    .prepare(
      `SELECT DISTINCT dataset_id AS id FROM dataset_images WHERE dataset_id NOT IN (SELECT id FROM datasets)
       UNION SELECT DISTINCT dataset_id FROM dataset_quarantine WHERE dataset_id NOT IN (SELECT id FROM datasets)`,
    )
    .all() as Array<{ id: number }>;
  for (const { id } of orphans) out.set(String(id), `orphan rows of missing dataset ${id}`);
  const orphanLabels = store.sqlite
    .prepare('SELECT count(*) AS n FROM dataset_labels WHERE image_id NOT IN (SELECT id FROM dataset_images)')
    .get() as { n: number };
  if (orphanLabels.n > 0) out.set('(none)', `${orphanLabels.n} label rows without an image`);
  return out;
}
