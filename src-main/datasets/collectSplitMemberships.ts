/**
 * Patient → split memberships for the leakage check: a dataset's own images (by split) plus every
 * dataset linked to it as external set (each counted as one split "external:<name>").
 */
import { eq, or } from 'drizzle-orm';
import type { SplitMembership } from '../../src-core/datasets/checkSplitLeakage';
import type { Store } from '../store/openStore';
import { datasetImages, datasets } from '../store/schema/datasets';
import type { DatasetRow } from './loadDatasetByName';

/** The base dataset of `dataset` (itself, or the one it is the external set of) and its external sets. */
export function collectSplitMemberships(store: Store, dataset: DatasetRow): SplitMembership[] {
  const baseId = dataset.externalOfDatasetId ?? dataset.id;
  const family = store.db
    .select()
    .from(datasets)
    .where(or(eq(datasets.id, baseId), eq(datasets.externalOfDatasetId, baseId)))
    .all();
  const out: SplitMembership[] = [];
  for (const d of family) {
    const rows = store.db
      .select({ id: datasetImages.id, patient: datasetImages.patientPseudonym, split: datasetImages.split })
      .from(datasetImages)
      .where(eq(datasetImages.datasetId, d.id))
      .all();
    for (const r of rows) {
      // Images without a patient key cannot be matched to anyone: each is its own patient.
      const patient = r.patient ?? `image:${d.id}:${r.id}`;
      out.push({ patient, split: d.id === baseId ? (r.split ?? 'unassigned') : `external:${d.name}` });
    }
  }
  return out;
}
