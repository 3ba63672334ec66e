/**
 * Reading priority of a worklist row (1 is read first) and the reason shown to the reader. An
 * abstention comes first because the model gave no answer a reader could lean on; a finding called
 * positive next, highest probability first, because it may need action; then a chest image the OOD
 * detector flagged (the scores are not to be trusted); then images the model did not score; the
 * confident negatives last.
 */
export interface PriorityInput {
  kind: 'scored' | 'not-chest' | 'unreadable';
  abstained: boolean;
  oodFlagged: boolean;
  positives: string[];
}

export function prioritise(row: PriorityInput): { priority: 1 | 2 | 3 | 4; reason: string } {
  if (row.kind === 'unreadable') return { priority: 3, reason: 'The file could not be read: check it by hand' };
  if (row.kind === 'not-chest') return { priority: 3, reason: 'Not a chest radiograph: not scored, route to the right reader' };
  if (row.abstained) return { priority: 1, reason: 'The model abstained: no model answer to lean on' };
  if (row.positives.length) return { priority: 1, reason: `Model calls ${row.positives.join(', ')} positive` };
  if (row.oodFlagged) return { priority: 2, reason: 'Out of distribution: the scores are not reliable' };
  return { priority: 4, reason: 'Model calls every finding negative' };
}
