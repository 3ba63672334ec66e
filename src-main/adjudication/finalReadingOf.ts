/**
 * A study's reading state from the stored readings and cases: an open case means no final reading yet;
 * a resolved case's adjudicator reading is final; without a case the latest reading is final.
 */
import type { AdjudicationCase } from './adjudicationCases';
import type { Adjudication } from './listAdjudications';

export type ReadState = 'unread' | 'draft' | 'read' | 'disagreement' | 'adjudicated';

/** `readings` of one image and bundle, newest first; `latestCase` its open or latest case. */
export function finalReadingOf(
  readings: readonly Adjudication[],
  latestCase: AdjudicationCase | null,
  hasDraft: boolean,
): { state: ReadState; final: Adjudication | null } {
  if (latestCase?.status === 'open') return { state: 'disagreement', final: null };
  if (latestCase?.status === 'resolved') {
    const final = readings.find((r) => r.id === latestCase.finalLabelSetId) ?? null;
    return { state: 'adjudicated', final };
  }
  if (readings.length) return { state: 'read', final: readings[0]! };
  return { state: hasDraft ? 'draft' : 'unread', final: null };
}
