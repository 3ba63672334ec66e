/** Sorting, filtering and "next unread" over worklist rows: pure functions, so the order the reader sees is tested without a browser. */
import type { ResponseOf } from '../../../src-core/contracts/bridge';

export type WorklistRow = ResponseOf<'worklist.list'>['items'][number];
export type SortKey = 'priority' | 'patient' | 'studyDate' | 'name' | 'modality' | 'score' | 'readState';
export interface WorklistView {
  sort: SortKey;
  descending: boolean;
  reason: WorklistRow['reasons'][number] | 'any';
  state: WorklistRow['readState'] | 'any' | 'to read';
  search: string;
}

export const defaultView: WorklistView = { sort: 'priority', descending: false, reason: 'any', state: 'any', search: '' };

const topScore = (row: WorklistRow) => row.findings[0]?.probability ?? -1;
const stateOrder: Record<WorklistRow['readState'], number> = { disagreement: 0, unread: 1, draft: 2, read: 3, adjudicated: 4 };

function compare(a: WorklistRow, b: WorklistRow, key: SortKey): number {
  const text = (x: string | null, y: string | null) => (x ?? '\uffff').localeCompare(y ?? '\uffff');
  switch (key) {
    // Within a priority the highest model score first: the likeliest finding is read soonest.
    case 'priority':
      return a.priority - b.priority || topScore(b) - topScore(a);
    case 'score':
      return topScore(a) - topScore(b);
    case 'patient':
      return text(a.header.patient, b.header.patient);
    case 'studyDate':
      return text(a.header.studyDate, b.header.studyDate);
    case 'modality':
      return text(a.header.modality, b.header.modality);
    case 'readState':
      return stateOrder[a.readState] - stateOrder[b.readState];
    case 'name':
      return a.name.localeCompare(b.name);
  }
}

/** A study a reader can still read: scored by the model and without a stored reading. */
export const isToRead = (row: WorklistRow) => row.kind === 'scored' && (row.readState === 'unread' || row.readState === 'draft');

export function visibleRows(rows: readonly WorklistRow[], view: WorklistView): WorklistRow[] {
  const needle = view.search.trim().toLowerCase();
  return rows
    .filter((r) => view.reason === 'any' || r.reasons.includes(view.reason))
    .filter((r) => view.state === 'any' || (view.state === 'to read' ? isToRead(r) : r.readState === view.state))
    .filter((r) => !needle || `${r.name} ${r.header.patient ?? ''}`.toLowerCase().includes(needle))
    .sort((a, b) => (view.descending ? -1 : 1) * compare(a, b, view.sort) || a.name.localeCompare(b.name));
}

/** The next study to read after `current` in the shown order (wrapping round), or null when none is left. */
export function nextToRead(rows: readonly WorklistRow[], current: string | null): WorklistRow | null {
  const start = rows.findIndex((r) => r.studyId === current);
  for (let k = 1; k <= rows.length; k++) {
    const row = rows[(start + k + rows.length) % rows.length]!;
    if (isToRead(row) && row.studyId !== current) return row;
  }
  return null;
}

/** The row `step` places from `current` in the shown order (J / K), clamped at the ends. */
export function stepRow(rows: readonly WorklistRow[], current: string | null, step: 1 | -1): WorklistRow | null {
  if (!rows.length) return null;
  const at = rows.findIndex((r) => r.studyId === current);
  const next = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
  return rows[next]!;
}
