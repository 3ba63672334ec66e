/** Picks the reader for a dataset format. */
import { HilumError } from '../../../src-core/errors';
import type { CsvMapping } from './csvMapping';
import { readChexpertDataset } from './readChexpertDataset';
import { readCsvMappedDataset } from './readCsvMappedDataset';
import { type FolderOptions, readFolderDataset } from './readFolderDataset';
import { type MimicOptions, readMimicDataset } from './readMimicDataset';
import { readNihDataset } from './readNihDataset';
import type { DatasetSource } from './recordEvent';

export const DATASET_FORMATS = ['nih', 'chexpert', 'mimic', 'folders', 'csv'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface FormatOptions {
  /** nih: label file name; chexpert: list of label files. */
  csv?: string[];
  mimic?: MimicOptions;
  folders?: FolderOptions;
  mapping?: CsvMapping;
}

export async function openDatasetSource(format: string, root: string, options: FormatOptions = {}): Promise<DatasetSource> {
  switch (format) {
    case 'nih':
      return readNihDataset(root, options.csv?.[0] ? { csv: options.csv[0] } : {});
    case 'chexpert':
      return readChexpertDataset(root, options.csv ? { csv: options.csv } : {});
    case 'mimic':
      return readMimicDataset(root, options.mimic ?? {});
    case 'folders':
      return readFolderDataset(root, options.folders ?? {});
    case 'csv':
      if (!options.mapping)
        throw new HilumError('INVALID_ARGUMENT', 'The csv format needs a column mapping (--mapping or --csv/--image-column/... options)');
      return readCsvMappedDataset(root, options.mapping);
    default:
      throw new HilumError('INVALID_ARGUMENT', `Unknown dataset format "${format}"; expected one of ${DATASET_FORMATS.join(', ')}`, {
        format,
      });
  }
}
