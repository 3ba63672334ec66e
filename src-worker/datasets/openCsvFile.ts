/** Streams a CSV (or .csv.gz) file row by row: header first, then rows with their 1-based line number. */
import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { HilumError } from '../../src-core/errors';
import { createCsvRowParser } from '../../src-core/csv/createCsvRowParser';

export interface CsvRow {
  /** 1-based row number counting the header as row 1 (what a spreadsheet shows). */
  rowNumber: number;
  cells: string[];
}

export interface OpenCsv {
  file: string;
  header: string[];
  rows: AsyncGenerator<CsvRow>;
}

export async function openCsvFile(file: string, delimiter = ','): Promise<OpenCsv> {
  if (!existsSync(file)) throw new HilumError('DATASET_FORMAT', `${file}: label file not found`, { file });
  const iterator = streamRows(file, delimiter);
  const first = await iterator.next();
  if (first.done) throw new HilumError('DATASET_FORMAT', `${file}: the CSV file is empty`, { file });
  const header = first.value.cells.map((h) => h.trim());
  return { file, header, rows: iterator };
}

async function* streamRows(file: string, delimiter: string): AsyncGenerator<CsvRow> {
  const raw = createReadStream(file);
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding('utf8');
  const parser = createCsvRowParser({ file, delimiter });
  let rowNumber = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      for (const cells of parser.push(chunk)) {
        rowNumber++;
        if (isBlankRow(cells)) continue;
        yield { rowNumber, cells };
      }
    }
  } catch (error) {
    if (error instanceof HilumError) throw error; // malformed CSV: the parser already names file and line
    throw new HilumError('DATASET_FORMAT', `${file}: could not be read (${(error as Error).message})`, { file }, { cause: error });
  }
  for (const cells of parser.end()) {
    rowNumber++;
    if (!isBlankRow(cells)) yield { rowNumber, cells };
  }
}

function isBlankRow(cells: string[]): boolean {
  return cells.length === 1 && (cells[0] ?? '').trim() === '';
}

/** Maps required column names to their indexes, or throws DATASET_FORMAT naming the missing ones. */
export function requireColumns<T extends string>(csv: { file: string; header: string[] }, names: readonly T[]): Record<T, number> {
  const out = {} as Record<T, number>;
  const missing: string[] = [];
  for (const n of names) {
    const i = csv.header.indexOf(n);
    if (i < 0) missing.push(n);
    else out[n] = i;
  }
  if (missing.length > 0) {
    throw new HilumError(
      'DATASET_FORMAT',
      `${csv.file}: missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}; found ${csv.header.map((h) => `"${h}"`).join(', ')}`,
      { file: csv.file, missing, header: csv.header },
    );
  }
  return out;
}

/** Finds the first existing file among candidates (e.g. foo.csv, foo.csv.gz). */
export function firstExisting(candidates: string[]): string | null {
  for (const c of candidates) if (existsSync(c)) return c;
  return null;
}
