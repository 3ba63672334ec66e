/** Modality, size, patient, date, view and body part of a review study from its header (no pixel decode), or the typed reason it cannot be read. */
import fs from 'node:fs';
import { serializeError } from '../../src-core/errors';
import { readDicom } from './readDicom';
import { readImageMetadata } from './readImageMetadata';

export function readStudyHeader(file: string): {
  modality: string | null;
  rows: number | null;
  columns: number | null;
  patientId?: string | null;
  studyDate?: string | null;
  viewPosition?: string | null;
  bodyPart?: string | null;
  error: { code: string; message: string } | null;
} {
  try {
    const meta = readImageMetadata(readDicom(new Uint8Array(fs.readFileSync(file)), file));
    return {
      modality: meta.modality,
      rows: meta.rows,
      columns: meta.columns,
      patientId: meta.patientId,
      studyDate: meta.studyDate,
      viewPosition: meta.viewPosition,
      bodyPart: meta.bodyPart,
      error: null,
    };
  } catch (error) {
    const { code, message } = serializeError(error);
    return { modality: null, rows: null, columns: null, error: { code, message } };
  }
}
