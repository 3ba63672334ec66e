/**
 * A folder per class: `<root>/<CLASS>/<image>` (e.g. Kermany's NORMAL/ and PNEUMONIA/). Each
 * class other than the normal class becomes a label (1 for images in its folder, 0 otherwise);
 * the normal class's images are 0 for every label.
 *
 * Patient key: the first capture group of `patientPattern` applied to the file name; files it
 * does not match get no patient key (each becomes its own patient in splits, and `dataset show`
 * reports how many). The default fits Kermany: `person123_bacteria_4.jpeg` → `person123`,
 * `IM-0115-0001.jpeg` → `IM-0115`, `NORMAL2-IM-1427-0001.jpeg` → `NORMAL2-IM-1427`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../../src-core/errors';
import { emptyRecord } from '../../../src-core/datasets/datasetRecord';
import { type DatasetSource, type RecordEvent, quarantine } from './recordEvent';

export const DEFAULT_PATIENT_PATTERN = '^(person\\d+|(?:NORMAL\\d*-)?IM-\\d+)';
const NORMAL_NAMES = ['NORMAL', 'Normal', 'normal', 'No Finding', 'NO_FINDING'];

export interface FolderOptions {
  patientPattern?: string;
  /** Folder whose images are negative for every label; default: a folder named NORMAL / No Finding. */
  normalClass?: string;
}

export async function readFolderDataset(root: string, options: FolderOptions = {}): Promise<DatasetSource> {
  let pattern: RegExp;
  try {
    pattern = new RegExp(options.patientPattern ?? DEFAULT_PATIENT_PATTERN);
  } catch (error) {
    throw new HilumError('INVALID_ARGUMENT', `Patient pattern is not a valid regular expression: ${(error as Error).message}`, {});
  }
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (error) {
    throw new HilumError('DATASET_FORMAT', `${root}: cannot list the dataset folder (${(error as Error).message})`, { file: root });
  }
  const classes = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (classes.length === 0) throw new HilumError('DATASET_FORMAT', `${root}: no class folders found`, { file: root });
  const normal = options.normalClass ?? classes.find((c) => NORMAL_NAMES.includes(c)) ?? null;
  if (options.normalClass && !classes.includes(options.normalClass)) {
    throw new HilumError('DATASET_FORMAT', `${root}: normal class folder "${options.normalClass}" not found`, { file: root, classes });
  }
  const labelNames = classes.filter((c) => c !== normal);
  const strayFiles = entries.filter((e) => e.isFile()).map((e) => e.name);
  return { format: 'folders', labelNames, labelFiles: [], events: events() };

  async function* events(): AsyncGenerator<RecordEvent> {
    for (const f of strayFiles) yield quarantine(f, 'DATASET_FORMAT', `${f}: file is outside any class folder`);
    for (const cls of classes) {
      const files = readdirSync(path.join(root, cls), { withFileTypes: true });
      for (const f of files.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const rel = `${cls}/${f.name}`;
        if (!f.isFile()) {
          yield quarantine(rel, 'DATASET_FORMAT', `${rel}: nested folders inside a class folder are not read`);
          continue;
        }
        const record = emptyRecord(rel);
        record.patientKey = pattern.exec(f.name)?.[1] ?? null;
        for (const l of labelNames) record.labels[l] = l === cls ? 1 : 0;
        yield { kind: 'record', record };
      }
    }
  }
}
