/** The four states a dataset label can be in, kept distinct from import to store. */
import { HilumError } from '../errors';

/** 1 positive, 0 negative, -1 uncertain, null not mentioned (blank in the source). */
export type LabelState = 1 | 0 | -1 | null;

const POSITIVE = new Set(['1', '1.0', 'true', 'yes', 'y', 'positive', 'pos']);
const NEGATIVE = new Set(['0', '0.0', 'false', 'no', 'n', 'negative', 'neg']);
const UNCERTAIN = new Set(['-1', '-1.0', 'uncertain', 'u']);

/**
 * Reads one label cell. Blank means "not mentioned", which CheXpert and MIMIC keep apart
 * from an explicit negative, so it is never folded into 0 here (policies decide that later).
 */
export function parseLabelState(raw: string | undefined, where: { file: string; row: number; column: string }): LabelState {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return null;
  if (POSITIVE.has(value)) return 1;
  if (NEGATIVE.has(value)) return 0;
  if (UNCERTAIN.has(value)) return -1;
  throw new HilumError(
    'DATASET_LABEL',
    `${where.file}, row ${where.row}: label "${where.column}" has value "${raw}"; expected 1, 0, -1 or blank`,
    { file: where.file, row: where.row, column: where.column, value: raw },
  );
}
