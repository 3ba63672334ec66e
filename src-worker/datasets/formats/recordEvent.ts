/** What a dataset format reader yields: a record ready for pixel import, or a quarantined file. */
import type { DatasetRecord, QuarantineEntry } from '../../../src-core/datasets/datasetRecord';

export type RecordEvent = { kind: 'record'; record: DatasetRecord } | { kind: 'quarantine'; entry: QuarantineEntry };

/** A format reader: the label vocabulary is known before any row is read. */
export interface DatasetSource {
  format: string;
  labelNames: string[];
  /** Label files read, relative to the root (for the import report). */
  labelFiles: string[];
  events: AsyncGenerator<RecordEvent>;
}

export function quarantine(sourcePath: string, code: string, message: string): RecordEvent {
  return { kind: 'quarantine', entry: { sourcePath, code, message } };
}
