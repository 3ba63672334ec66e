/** The one CSV parser (RFC 4180: quoted fields, "" escapes, CRLF/LF/CR, optional BOM), incremental so a 200,000-row label file streams. */
import { bug, HilumError } from '../errors';

export interface CsvRowParser {
  /** Parses a chunk; returns the rows completed by it. When `lines` is given, the 1-based line each row starts on is pushed to it. */
  push(chunk: string, lines?: number[]): string[][];
  /** Flushes the last row (a file need not end with a newline); an unterminated quote is an error. */
  end(lines?: number[]): string[][];
}

export interface CsvParserOptions {
  /** The file the text comes from, named in every error. */
  file: string;
  /** One character; ',' unless given (CheXpert and NIH use ','; some exports use ';' or a tab). */
  delimiter?: string;
}

// Where the scanner stands: at a field's first character, inside an unquoted field, inside quotes,
// or just after a quote met inside quotes (either the first of an escaped "" or the closing quote).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Strict on purpose: a quote inside an unquoted field, text after a closing quote or an unterminated
 * quote is a DATASET_FORMAT error naming the file and line, never a silently merged or split field.
 * A blank line comes back as the row `['']`; callers decide whether to skip it.
 */
export function createCsvRowParser(options: CsvParserOptions): CsvRowParser {
  const { file } = options;
  const delimiterText = options.delimiter ?? ',';
  if (delimiterText.length !== 1 || delimiterText === '"' || delimiterText === '\n' || delimiterText === '\r') {
    throw bug(`CSV delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiterText)}`);
  }
  const delimiter = delimiterText.charCodeAt(0);
  let state = FIELD_START;
  let field = '';
  let row: string[] = [];
  let line = 1;
  let rowLine = 1;
  let atStart = true;
  let skipLf = false; // the previous chunk ended on the CR of a CRLF
  let quoteLine = 1; // where the open quoted field began: an unterminated quote is reported there, not at the end

  const fail = (reason: string, at = line): never => {
    throw new HilumError('DATASET_FORMAT', `${file}: line ${at}: ${reason}`, { file, line: at, reason });
  };

  function push(chunk: string, lines?: number[]): string[][] {
    const out: string[][] = [];
    let text = chunk;
    if (atStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM from spreadsheet exports
      atStart = false;
    }
    const n = text.length;
    let i = 0;
    const find = (target: string, from: number): number => {
      const at = text.indexOf(target, from);
      return at < 0 ? n : at;
    };
    let nextDelimiter = -1;
    let nextLf = -1;
    let nextCr = -1;
    let nextQuote = -1;
    // Where the split fast path must stop: the first quote or CR at or after `from` (n when none).
    const fastUntil = (from: number): number => {
      if (nextQuote < from) nextQuote = find('"', from);
      if (nextCr < from) nextCr = find('\r', from);
      return Math.min(nextQuote, nextCr);
    };
    if (skipLf && n > 0) {
      skipLf = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    const endRow = (at: number): number => {
      row.push(field);
      field = '';
      out.push(row);
      lines?.push(rowLine);
      row = [];
      state = FIELD_START;
      line++;
      rowLine = line;
      // A CR ends the row; swallow the LF of a CRLF, even when it arrives in the next chunk.
      if (text.charCodeAt(at) === CR) {
        if (at + 1 < n) return text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
        skipLf = true;
      }
      return at + 1;
    };
    while (i < n) {
      if (state === QUOTED) {
        if (nextQuote < i) nextQuote = find('"', i);
        const stop = nextQuote;
        for (let k = i; k < stop; k++) if (text.charCodeAt(k) === LF) line++;
        field += text.slice(i, stop);
        if (stop === n) return out;
        state = QUOTE_SEEN;
        i = stop + 1;
        continue;
      }
      if (state === FIELD_START && row.length === 0 && i < fastUntil(i)) {
        // At a row's start with no quote or CR ahead in this chunk, each complete line is its fields:
        // the native split beat the character scan on unquoted NIH rows (bench/results/csvParse.md).
        const stop = fastUntil(i);
        let lf = nextLf >= i ? nextLf : find('\n', i);
        while (lf < stop) {
          out.push(text.slice(i, lf).split(delimiterText));
          lines?.push(rowLine);
          line++;
          rowLine = line;
          i = lf + 1;
          lf = find('\n', i);
        }
        nextLf = lf;
        if (i >= n) return out;
      }
      const c = text.charCodeAt(i);
      if (state === QUOTE_SEEN) {
        if (c === QUOTE) {
          field += '"';
          state = QUOTED;
          i++;
        } else if (c === delimiter) {
          row.push(field);
          field = '';
          state = FIELD_START;
          i++;
        } else if (c === LF || c === CR) {
          i = endRow(i);
        } else {
          fail('text after a closing quote');
        }
        continue;
      }
      if (state === FIELD_START && c === QUOTE) {
        state = QUOTED;
        quoteLine = line;
        i++;
        continue;
      }
      // Unquoted text: take the run up to the next delimiter, newline or quote in one slice. The next
      // position of each is found by indexOf and kept until passed: native scans, not a loop per character.
      if (nextDelimiter < i) nextDelimiter = find(delimiterText, i);
      if (nextLf < i) nextLf = find('\n', i);
      if (nextCr < i) nextCr = find('\r', i);
      if (nextQuote < i) nextQuote = find('"', i);
      const j = Math.min(nextDelimiter, nextLf, nextCr, nextQuote);
      if (j > i) {
        field += text.slice(i, j);
        state = UNQUOTED;
      }
      if (j === n) return out;
      const d = text.charCodeAt(j);
      if (d === QUOTE) fail('a quote inside an unquoted field');
      if (d === delimiter) {
        row.push(field);
        field = '';
        state = FIELD_START;
        i = j + 1;
      } else {
        i = endRow(j);
      }
    }
    return out;
  }

  function end(lines?: number[]): string[][] {
    if (state === QUOTED) fail('unterminated quoted field', quoteLine);
    if (state === FIELD_START && field === '' && row.length === 0) return [];
    row.push(field);
    const last = row;
    lines?.push(rowLine);
    field = '';
    row = [];
    state = FIELD_START;
    return [last];
  }

  return { push, end };
}
