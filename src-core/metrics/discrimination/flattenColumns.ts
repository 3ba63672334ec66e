/** Stacks label columns into one long column (for micro-averaged metrics): case-major, label-minor. */
import { HilumError } from '../../errors';
import type { LabelColumns } from '../types';

export function flattenColumns(columns: LabelColumns): Float64Array {
  const labelCount = columns.length;
  if (labelCount === 0) return new Float64Array(0);
  const n = columns[0]!.length;
  const out = new Float64Array(n * labelCount);
  for (let l = 0; l < labelCount; l++) {
    const column = columns[l]!;
    if (column.length !== n) throw new HilumError('INVALID_ARGUMENT', `label column ${l} has ${column.length} cases, expected ${n}`);
    for (let i = 0; i < n; i++) out[i * labelCount + l] = column[i]!;
  }
  return out;
}
