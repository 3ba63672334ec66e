/**
 * The `datasets.readSource` job: opens a format reader and collects, in input order, the records to
 * import and the files quarantined on the way (stopping after `limit` records). A csv mapping given
 * raw or as a file is validated here, naming the file and field on error.
 */
import type { ParamsOf, ResultOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import { loadCsvMappingFile, validateCsvMapping } from './formats/csvMapping';
import { type FormatOptions, openDatasetSource } from './formats/openDatasetSource';
import { quarantine, type RecordEvent } from './formats/recordEvent';
import { resolveInsideRoot } from './resolveInsideRoot';

type Params = ParamsOf<'datasets.readSource'>;

function readerOptions(options: Params['formatOptions']): FormatOptions {
  const { mapping, mappingFile, ...rest } = options;
  if (mappingFile !== undefined) return { ...rest, mapping: loadCsvMappingFile(mappingFile) };
  if (mapping !== undefined) return { ...rest, mapping: validateCsvMapping(mapping, 'command-line mapping') };
  return rest;
}

export async function readDatasetSource(params: Params, signal?: AbortSignal): Promise<ResultOf<'datasets.readSource'>> {
  const source = await openDatasetSource(params.format, params.root, readerOptions(params.formatOptions));
  const events: RecordEvent[] = [];
  let records = 0;
  let limited = false;
  for await (const event of source.events) {
    signal?.throwIfAborted();
    if (event.kind === 'record') {
      const outside = outsideRoot(params.root, event.record.sourcePath);
      if (outside) {
        events.push(outside);
        continue;
      }
      if (params.limit !== undefined && records >= params.limit) {
        limited = true;
        break;
      }
      records++;
    }
    events.push(event);
  }
  return { format: source.format, labelNames: source.labelNames, labelFiles: source.labelFiles, events, limited };
}

/** A row naming a file outside the root becomes a typed quarantine entry here, before any worker could open it. */
function outsideRoot(root: string, sourcePath: string): RecordEvent | null {
  try {
    resolveInsideRoot(root, sourcePath);
    return null;
  } catch (error) {
    if (!(error instanceof HilumError)) throw error;
    return quarantine(sourcePath, error.code, error.message);
  }
}
