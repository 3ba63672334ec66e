/**
 * An incremental RFC 4180 CSV parser: feed text chunks, get complete rows back. Incremental so
 * that a 200,000-row CheXpert or MIMIC file is streamed rather than held in memory.
 */

export interface CsvRowParser {
  /** Parses a chunk; returns the rows completed by it. */
  push(chunk: string): string[][];
  /** Flushes the last row (a file need not end with a newline). */
  end(): string[][];
}

export function createCsvRowParser(delimiter = ','): CsvRowParser {
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  let quotePending = false; // saw a quote inside quotes: either an escaped "" or the closing quote
  let atStart = true;
  let pendingCr = false;

  const endField = () => {
    row.push(field);
    field = '';
  };

  function push(chunk: string): string[][] {
    const out: string[][] = [];
    let text = chunk;
    if (atStart) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM from spreadsheet exports
      if (text.length > 0) atStart = false;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          inQuotes = false; // the quote closed the field; fall through to handle c normally
        } else if (c === '"') {
          quotePending = true;
          continue;
        } else {
          field += c;
          continue;
        }
      }
      if (c === '"' && field === '') {
        inQuotes = true;
      } else if (c === delimiter) {
        endField();
      } else if (c === '\n' || c === '\r') {
        endField();
        out.push(row);
        row = [];
        if (c === '\r') pendingCr = true;
      } else {
        field += c;
      }
    }
    return out;
  }

  function end(): string[][] {
    if (quotePending) {
      quotePending = false;
      inQuotes = false;
    }
    if (field !== '' || row.length > 0) {
      endField();
      const last = row;
      row = [];
      return [last];
    }
    return [];
  }

  return { push, end };
}

/** Parses a whole CSV text at once (small files, tests). */
export function parseCsvText(text: string, delimiter = ','): string[][] {
  const parser = createCsvRowParser(delimiter);
  return [...parser.push(text), ...parser.end()];
}
