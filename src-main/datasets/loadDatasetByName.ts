/** Looks a dataset up by name, or throws NOT_FOUND naming it. */
import { eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import { datasets } from '../store/schema/datasets';

export type DatasetRow = typeof datasets.$inferSelect;

export function loadDatasetByName(store: Store, name: string): DatasetRow {
  const row = store.db.select().from(datasets).where(eq(datasets.name, name)).get();
  if (!row) throw new HilumError('NOT_FOUND', `No dataset named "${name}"`, { name });
  return row;
}
