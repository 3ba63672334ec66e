/** Modality and size of a review study from its header (no pixel decode), or the typed reason it cannot be read. */
import fs from 'node:fs';
import { serializeError } from '../../src-core/errors';
import { readDicom } from './readDicom';
import { readImageMetadata } from './readImageMetadata';

export function readStudyHeader(file: string): {
  modality: string | null;
  rows: number | null;
  columns: number | null;
  error: { code: string; message: string } | null;
} {
  try {
    const meta = readImageMetadata(readDicom(new Uint8Array(fs.readFileSync(file)), file));
    return { modality: meta.modality, rows: meta.rows, columns: meta.columns, error: null };
  } catch (error) {
    const { code, message } = serializeError(error);
    return { modality: null, rows: null, columns: null, error: { code, message } };
  }
}
