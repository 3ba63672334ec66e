/** Reads stored expert labels (adjudications), newest first, as the service and the app show them. */
import { desc, eq } from 'drizzle-orm';
import type { Store } from '../store/openStore';
import { expertLabelSets } from '../store/schema';

export type ExpertState = 'positive' | 'negative' | 'uncertain';

export interface Adjudication {
  id: string;
  studyId: string;
  inputSha256: string;
  bundleHash: string;
  reader: { userId: string; username: string; printedName: string; role: string };
  adjudicatedAt: string;
  labels: Record<string, ExpertState>;
  comment: string;
}

export function toAdjudication(row: typeof expertLabelSets.$inferSelect): Adjudication {
  return {
    id: row.id,
    studyId: row.studyId,
    inputSha256: row.inputSha256,
    bundleHash: row.bundleHash,
    reader: { userId: row.readerUserId, username: row.readerUsername, printedName: row.readerPrintedName, role: row.readerRole },
    adjudicatedAt: row.adjudicatedAt,
    labels: JSON.parse(row.labelsJson) as Record<string, ExpertState>,
    comment: row.comment,
  };
}

/** Stored readings, newest first; optionally only those of one image (by input SHA-256). */
export function listAdjudications(store: Store, filter: { inputSha256?: string } = {}): Adjudication[] {
  const query = store.db.select().from(expertLabelSets);
  const rows =
    filter.inputSha256 !== undefined
      ? query.where(eq(expertLabelSets.inputSha256, filter.inputSha256)).orderBy(desc(expertLabelSets.adjudicatedAt)).all()
      : query.orderBy(desc(expertLabelSets.adjudicatedAt)).all();
  return rows.map(toAdjudication);
}
