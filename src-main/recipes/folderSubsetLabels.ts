/**
 * A folder-per-class dataset cut to its first N images per class (sorted by name), written as a label file
 * for the csv format: how a recipe runs small (`--set dataset.perClassLimit=100`) with every class present,
 * where `limit` would take the first class only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';

const NORMAL_NAMES = ['NORMAL', 'No Finding', 'normal'];
// The folders format's default patient key (fits Kermany: personN / IM-NNNN).
const DEFAULT_PATIENT_PATTERN = '^(person\\d+|(?:NORMAL\\d*-)?IM-\\d+)';

export function folderSubsetLabels(
  root: string,
  perClass: number,
  outFile: string,
  options: { normalClass?: string; patientPattern?: string } = {},
): { mapping: Record<string, unknown>; images: number } {
  const classes = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (classes.length === 0) throw new HilumError('DATASET_FORMAT', `${root}: no class folders found`, { file: root });
  const normal = options.normalClass ?? classes.find((c) => NORMAL_NAMES.includes(c)) ?? null;
  const labels = classes.filter((c) => c !== normal);
  const pattern = new RegExp(options.patientPattern ?? DEFAULT_PATIENT_PATTERN);
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = [['path', 'patient', ...labels].map(quote).join(',')];
  for (const cls of classes) {
    const files = fs
      .readdirSync(path.join(root, cls), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort()
      .slice(0, perClass);
    for (const f of files)
      rows.push([`${cls}/${f}`, pattern.exec(f)?.[1] ?? '', ...labels.map((l) => (l === cls ? '1' : '0'))].map(quote).join(','));
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${rows.join('\n')}\n`);
  return { mapping: { csv: outFile, image: 'path', patient: 'patient', labels }, images: rows.length - 1 };
}
