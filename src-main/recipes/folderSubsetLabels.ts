/**
 * A folder-per-class dataset cut to its first N images per class (sorted by name), written as a label file
 * for the csv format: how a recipe runs small (`--set dataset.perClassLimit=100`) with every class present,
 * where `limit` would take the first class only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PATIENT_PATTERN, NORMAL_CLASS_NAMES } from '../../src-core/datasets/folderDefaults';
import { HilumError } from '../../src-core/errors';
import { walkFolder } from '../../src-core/files/walkFolder';

export function folderSubsetLabels(
  root: string,
  perClass: number,
  outFile: string,
  options: { normalClass?: string; patientPattern?: string } = {},
): { mapping: Record<string, unknown>; images: number } {
  // walkFolder lists regular files only: a FIFO, socket or link loop in a class folder is never named in the label file.
  const classes = walkFolder(fs, root, { maxDepth: 0 }).folders;
  if (classes.length === 0) throw new HilumError('DATASET_FORMAT', `${root}: no class folders found`, { file: root });
  const normal = options.normalClass ?? classes.find((c) => NORMAL_CLASS_NAMES.includes(c)) ?? null;
  const labels = classes.filter((c) => c !== normal);
  const pattern = new RegExp(options.patientPattern ?? DEFAULT_PATIENT_PATTERN);
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = [['path', 'patient', ...labels].map(quote).join(',')];
  for (const cls of classes) {
    const files = walkFolder(fs, path.join(root, cls), { maxDepth: 0 }).files.slice(0, perClass);
    for (const f of files)
      rows.push([`${cls}/${f}`, pattern.exec(f)?.[1] ?? '', ...labels.map((l) => (l === cls ? '1' : '0'))].map(quote).join(','));
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${rows.join('\n')}\n`);
  return { mapping: { csv: outFile, image: 'path', patient: 'patient', labels }, images: rows.length - 1 };
}
