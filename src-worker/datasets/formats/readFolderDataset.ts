/**
 * A folder per class: `<root>/<CLASS>/<image>` (e.g. Kermany's NORMAL/ and PNEUMONIA/). Each
 * class other than the normal class becomes a label (1 for images in its folder, 0 otherwise);
 * the normal class's images are 0 for every label.
 *
 * Entries are listed by src-core's walkFolder: FIFOs, sockets, devices and link loops are quarantined with their
 * reason and never opened; hidden files (.DS_Store) are quarantined as hidden.
 *
 * Patient key: the first capture group of `patientPattern` applied to the file name; files it
 * does not match get no patient key (each becomes its own patient in splits, and `dataset show`
 * reports how many). The default fits Kermany: `person123_bacteria_4.jpeg` → `person123`,
 * `IM-0115-0001.jpeg` → `IM-0115`, `NORMAL2-IM-1427-0001.jpeg` → `NORMAL2-IM-1427`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../../src-core/errors';
import { emptyRecord } from '../../../src-core/datasets/datasetRecord';
import { DEFAULT_PATIENT_PATTERN, NORMAL_CLASS_NAMES } from '../../../src-core/datasets/folderDefaults';
import { describeSkip } from '../../../src-core/files/classifyEntry';
import { type FolderSkip, type FolderWalk, walkFolder } from '../../../src-core/files/walkFolder';
import { type DatasetSource, type RecordEvent, quarantine } from './recordEvent';

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
  let top: FolderWalk;
  try {
    top = walkFolder(fs, root, { maxDepth: 0 });
  } catch (error) {
    throw new HilumError('DATASET_FORMAT', `${root}: cannot list the dataset folder (${(error as Error).message})`, { file: root });
  }
  const classes = top.folders;
  if (classes.length === 0) throw new HilumError('DATASET_FORMAT', `${root}: no class folders found`, { file: root });
  const normal = options.normalClass ?? classes.find((c) => NORMAL_CLASS_NAMES.includes(c)) ?? null;
  if (options.normalClass && !classes.includes(options.normalClass)) {
    throw new HilumError('DATASET_FORMAT', `${root}: normal class folder "${options.normalClass}" not found`, { file: root, classes });
  }
  const labelNames = classes.filter((c) => c !== normal);
  return { format: 'folders', labelNames, labelFiles: [], events: events() };

  async function* events(): AsyncGenerator<RecordEvent> {
    yield* skipped(top.skipped, '');
    for (const f of top.files) yield quarantine(f, 'DATASET_FORMAT', `${f}: file is outside any class folder`);
    for (const cls of classes) {
      const inClass = walkFolder(fs, path.join(root, cls), { maxDepth: 0 });
      yield* skipped(inClass.skipped, `${cls}/`);
      for (const rel of inClass.folders.map((f) => `${cls}/${f}`))
        yield quarantine(rel, 'DATASET_FORMAT', `${rel}: nested folders inside a class folder are not read`);
      for (const name of inClass.files) {
        const record = emptyRecord(`${cls}/${name}`);
        record.patientKey = pattern.exec(name)?.[1] ?? null;
        for (const l of labelNames) record.labels[l] = l === cls ? 1 : 0;
        yield { kind: 'record', record };
      }
    }
  }
}

/** Walk skips as quarantine entries: FIFOs, sockets, devices and bad links (NOT_REGULAR_FILE, never opened); hidden files. */
function* skipped(skips: readonly FolderSkip[], prefix: string): Generator<RecordEvent> {
  for (const s of skips) {
    const rel = `${prefix}${s.path}`;
    yield quarantine(rel, s.reason === 'hidden' ? 'DATASET_FORMAT' : 'NOT_REGULAR_FILE', describeSkip(rel, s.reason, s.detail));
  }
}
