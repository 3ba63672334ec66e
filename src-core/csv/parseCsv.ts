/** RFC 4180 CSV reader (quoted fields, "" escapes, CRLF or LF, optional BOM): text → header and rows of strings. */
import { HilumError } from '../errors';

export interface CsvTable {
  /** The file the text came from, named in every error. */
  file: string;
  header: string[];
  rows: string[][];
}

/**
 * Fields may be quoted; inside quotes, commas, newlines and "" (a literal quote) are allowed. A quote
 * in an unquoted field, text after a closing quote, an unterminated quote or a row whose width differs
 * from the header's is a DATASET_FORMAT error naming the file and line. Blank lines are skipped.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let recordLine = 1;
  // A field may open with a quote only as its first character; a record is blank only if nothing was read.
  let fieldQuoted = false;
  let recordStarted = false;
  const fail = (reason: string): never => {
    throw new HilumError('DATASET_FORMAT', `${file}: line ${line}: ${reason}`, { file, line, reason });
  };
  const endRecord = (): void => {
    fields.push(field);
    if (recordStarted) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    fieldQuoted = false;
    recordStarted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      if (field !== '' || fieldQuoted) fail('a quote inside an unquoted field');
      fieldQuoted = true;
      recordStarted = true;
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated quoted field');
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') fail('text after a closing quote');
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      fieldQuoted = false;
      recordStarted = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (fieldQuoted) fail('text after a closing quote');
    field += c;
    recordStarted = true;
    i++;
  }
  if (recordStarted) endRecord();
  const first = records.shift();
  if (first === undefined) fail('the file is empty (no header row)');
  const header = first!.fields;
  const rows = records.map((r) => {
    if (r.fields.length !== header.length) {
      throw new HilumError('DATASET_FORMAT', `${file}: line ${r.line}: ${r.fields.length} fields, header has ${header.length}`, {
        file,
        line: r.line,
        reason: 'row width differs from header',
      });
    }
    return r.fields;
  });
  return { file, header, rows };
}
