/**
 * A baseline's predictions made by another tool, as a CSV keyed by image: an `image` (or `image_id`,
 * `path`, `file`) column naming the image — Hilum's image id, its path relative to the dataset root, or
 * its file name when that is unique — and one score column per label. Every evaluated image must have
 * exactly one row: a missing or duplicated image is an error naming it, never a silent drop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../src-core/csv/parseCsv';
import { HilumError } from '../../src-core/errors';
import type { SplitRecords } from '../datasets/loadSplitRecords';
import { sha256Hex } from '../governance/sha256Hex';

const KEY_COLUMNS = ['image', 'image_id', 'imageid', 'path', 'file', 'filename'];

export interface CsvPredictions {
  file: string;
  hash: string;
  /** Score columns in the CSV, by label name. */
  scores: Map<string, Float64Array>;
}

export function readPredictionsCsv(file: string, records: SplitRecords): CsvPredictions {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new HilumError('IO_ERROR', `${file}: cannot read the predictions CSV (${(error as Error).message})`, { file });
  }
  const table = parseCsv(text, file);
  const keyIndex = table.header.findIndex((h) => KEY_COLUMNS.includes(h.trim().toLowerCase()));
  if (keyIndex < 0) throw new HilumError('DATASET_FORMAT', `${file}: no image column (one of ${KEY_COLUMNS.join(', ')})`, { file });
  const labelColumns = table.header
    .map((h, i) => [h.trim(), i] as const)
    .filter(([h, i]) => i !== keyIndex && records.labelNames.includes(h));
  if (labelColumns.length === 0)
    throw new HilumError('DATASET_FORMAT', `${file}: no column named after a label of the dataset (${records.labelNames.join(', ')})`, {
      file,
    });

  const rowByImage = new Map<string, number>();
  table.rows.forEach((row, r) => {
    const key = row[keyIndex]!.trim();
    if (rowByImage.has(key)) throw new HilumError('DATASET_FORMAT', `${file}: image "${key}" appears twice`, { file, image: key });
    rowByImage.set(key, r);
  });
  const baseCount = new Map<string, number>();
  for (const p of records.sourcePaths) baseCount.set(path.posix.basename(p), (baseCount.get(path.posix.basename(p)) ?? 0) + 1);
  const rowOf = (i: number): number => {
    const candidates = [String(records.imageIds[i]), records.sourcePaths[i]!, records.sourceFiles[i]!];
    const base = path.posix.basename(records.sourcePaths[i]!);
    if (baseCount.get(base) === 1) candidates.push(base);
    for (const c of candidates) {
      const r = rowByImage.get(c);
      if (r !== undefined) return r;
    }
    throw new HilumError('DATASET_FORMAT', `${file}: no row for image ${records.sourcePaths[i]} (id ${records.imageIds[i]})`, {
      file,
      image: records.sourcePaths[i],
    });
  };
  const rows = records.imageIds.map((_, i) => rowOf(i));
  const scores = new Map<string, Float64Array>();
  for (const [label, column] of labelColumns) {
    scores.set(
      label,
      Float64Array.from(rows, (r) => {
        const v = Number(table.rows[r]![column]);
        if (!Number.isFinite(v))
          throw new HilumError('DATASET_FORMAT', `${file}: "${table.rows[r]![column]}" in column ${label}, row ${r + 2} is not a number`, {
            file,
            label,
          });
        return v;
      }),
    );
  }
  return { file, hash: sha256Hex(text), scores };
}
