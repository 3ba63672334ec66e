/** A whole CSV text (quoted fields, "" escapes, CRLF or LF, optional BOM) → header and rows of strings, through the one parser. */
import { HilumError } from '../errors';
import { createCsvRowParser } from './createCsvRowParser';

export interface CsvTable {
  /** The file the text came from, named in every error. */
  file: string;
  header: string[];
  rows: string[][];
}

/**
 * Blank lines are skipped. Malformed quoting (see createCsvRowParser), an empty text or a row whose
 * width differs from the header's is a DATASET_FORMAT error naming the file and line.
 */
export function parseCsv(text: string, file: string, delimiter = ','): CsvTable {
  const parser = createCsvRowParser({ file, delimiter });
  const lines: number[] = [];
  const all = parser.push(text, lines);
  all.push(...parser.end(lines));
  let header: string[] | undefined;
  const rows: string[][] = [];
  for (let k = 0; k < all.length; k++) {
    const fields = all[k]!;
    if (fields.length === 1 && fields[0] === '') continue;
    if (header === undefined) header = fields;
    else if (fields.length === header.length) rows.push(fields);
    else {
      const line = lines[k] ?? 0;
      throw new HilumError('DATASET_FORMAT', `${file}: line ${line}: ${fields.length} fields, header has ${header.length}`, {
        file,
        line,
        reason: 'row width differs from header',
      });
    }
  }
  if (header === undefined) throw new HilumError('DATASET_FORMAT', `${file}: line 1: the file is empty (no header row)`, { file, line: 1 });
  return { file, header, rows };
}
