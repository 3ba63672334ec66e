/**
 * The lineage hash of a dataset as a run saw it: SHA-256 over every image's content hash and split and
 * every label state, in a fixed order. Re-importing the same files with the same labels and split gives
 * the same hash; a changed label, split or pixel file changes it.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/openStore';
import { loadDatasetByName } from './loadDatasetByName';

export function datasetContentHash(store: Store, name: string): string {
  const d = loadDatasetByName(store, name);
  const h = createHash('sha256');
  h.update(`labels:${d.labelNamesJson};size:${d.imageSize};aspect:${d.aspect};preprocessing:${d.preprocessingVersion}\n`);
  const rows = store.sqlite
    .prepare(
      `SELECT i.content_hash AS hash, i.split AS split, i.patient_pseudonym AS patient,
      (SELECT group_concat(l.label || '=' || coalesce(l.state, ''), ',') FROM (SELECT label, state FROM dataset_labels WHERE image_id = i.id ORDER BY label) l) AS labels
    FROM dataset_images i WHERE i.dataset_id = ? ORDER BY i.source_path`,
    )
    .iterate(d.id) as Iterable<{ hash: string; split: string | null; patient: string | null; labels: string | null }>;
  for (const r of rows) h.update(`${r.hash}|${r.split ?? ''}|${r.patient ?? ''}|${r.labels ?? ''}\n`);
  return h.digest('hex');
}
