/**
 * The import orchestrator: streams records from a format reader, imports each file's pixels
 * (through `importOne`, by default in-process; a worker pool can be passed instead) with a
 * bounded number in flight, and yields one event per file in input order. Nothing is held
 * beyond the window, so a 200,000-image dataset streams in constant memory.
 */
import type { DatasetRecord } from '../../src-core/datasets/datasetRecord';
import type { FormatOptions } from './formats/openDatasetSource';
import { openDatasetSource } from './formats/openDatasetSource';
import type { DatasetSource } from './formats/recordEvent';
import { type ImportOneFileParams, type ImportOneFileResult, importOneFile } from './importOneFile';

export interface ImportDatasetOptions {
  format: string;
  root: string;
  formatOptions?: FormatOptions;
  cacheDir: string;
  size: number;
  aspect?: 'pad' | 'stretch';
  /** Files in flight at once (default 4). */
  concurrency?: number;
  /** Stop after this many records (for previews and tests); the report says it was limited. */
  limit?: number;
  importOne?: (params: ImportOneFileParams) => Promise<ImportOneFileResult>;
}

export type ImportEvent =
  | { kind: 'image'; record: DatasetRecord; file: Extract<ImportOneFileResult, { ok: true }> }
  | { kind: 'quarantine'; sourcePath: string; code: string; message: string; record: DatasetRecord | null };

export interface OpenedImport {
  source: Pick<DatasetSource, 'format' | 'labelNames' | 'labelFiles'>;
  events: AsyncGenerator<ImportEvent>;
}

export async function importDatasetFiles(options: ImportDatasetOptions): Promise<OpenedImport> {
  const source = await openDatasetSource(options.format, options.root, options.formatOptions);
  const { format, labelNames, labelFiles } = source;
  return { source: { format, labelNames, labelFiles }, events: run(source, options) };
}

async function* run(source: DatasetSource, options: ImportDatasetOptions): AsyncGenerator<ImportEvent> {
  const importOne = options.importOne ?? importOneFile;
  const window = Math.max(1, options.concurrency ?? 4);
  const pending: Promise<ImportEvent>[] = [];
  let records = 0;
  for await (const event of source.events) {
    if (event.kind === 'quarantine') {
      // Keep output in input order: drain what is in flight first.
      while (pending.length > 0) yield await (pending.shift() as Promise<ImportEvent>);
      yield { kind: 'quarantine', ...event.entry, record: null };
      continue;
    }
    if (options.limit !== undefined && records >= options.limit) break;
    records++;
    const record = event.record;
    const params: ImportOneFileParams = {
      root: options.root, sourcePath: record.sourcePath, cacheDir: options.cacheDir, size: options.size, aspect: options.aspect ?? 'pad',
    };
    pending.push(importOne(params).then((file) => toEvent(record, file)));
    if (pending.length >= window) yield await (pending.shift() as Promise<ImportEvent>);
  }
  while (pending.length > 0) yield await (pending.shift() as Promise<ImportEvent>);
}

function toEvent(record: DatasetRecord, file: ImportOneFileResult): ImportEvent {
  if (file.ok) return { kind: 'image', record, file };
  return { kind: 'quarantine', sourcePath: file.sourcePath, code: file.code, message: file.message, record };
}
