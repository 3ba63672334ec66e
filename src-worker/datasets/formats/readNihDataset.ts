/**
 * NIH ChestX-ray14: `Data_Entry_2017.csv` (or the `_subset` copy) + images in `images/` (or the
 * release's `images_001/images/` … `images_012/images/`). `Finding Labels` is pipe-separated;
 * NIH labels are text-mined with no uncertain class, so every finding is 1 or 0, never blank.
 */
import fs, { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../../src-core/errors';
import { emptyRecord } from '../../../src-core/datasets/datasetRecord';
import { NIH_FINDINGS } from '../../../src-core/datasets/labelVocabularies';
import { describeSkip } from '../../../src-core/files/classifyEntry';
import { walkFolder } from '../../../src-core/files/walkFolder';
import { normaliseAgeYears, normaliseSex, normaliseView } from '../../../src-core/datasets/normaliseDemographics';
import { firstExisting, openCsvFile, requireColumns } from '../openCsvFile';
import { type DatasetSource, type RecordEvent, quarantine } from './recordEvent';

const COLUMNS = ['Image Index', 'Finding Labels', 'Patient ID', 'Patient Age', 'Patient Gender', 'View Position'] as const;
const CSV_NAMES = ['Data_Entry_2017.csv', 'Data_Entry_2017_v2020.csv', 'Data_Entry_2017_subset.csv'];

export async function readNihDataset(root: string, options: { csv?: string } = {}): Promise<DatasetSource> {
  const file = options.csv ? path.resolve(root, options.csv) : firstExisting(CSV_NAMES.map((n) => path.join(root, n)));
  if (!file) throw new HilumError('DATASET_FORMAT', `${root}: no ${CSV_NAMES.join(' or ')} found`, { file: root });
  const csv = await openCsvFile(file);
  const col = requireColumns(csv, COLUMNS);
  const { index: imageIndex, skipped: notRead } = indexImages(root);
  return { format: 'nih', labelNames: [...NIH_FINDINGS], labelFiles: [path.relative(root, file)], events: events() };

  async function* events(): AsyncGenerator<RecordEvent> {
    const seen = new Set<string>();
    for await (const { rowNumber, cells } of csv.rows) {
      const name = (cells[col['Image Index']] ?? '').trim();
      const where = `${path.basename(file as string)} row ${rowNumber}`;
      if (name === '') {
        yield quarantine(`${where}`, 'DATASET_FORMAT', `${where}: empty "Image Index"`);
        continue;
      }
      const special = notRead.get(name);
      if (special) {
        seen.add(special.rel);
        yield quarantine(special.rel, 'NOT_REGULAR_FILE', special.message);
        continue;
      }
      const sourcePath = imageIndex.get(name) ?? `images/${name}`;
      seen.add(sourcePath);
      const labels = parseFindingLabels(cells[col['Finding Labels']] ?? '');
      if (typeof labels === 'string') {
        yield quarantine(sourcePath, 'DATASET_LABEL', `${where}: ${labels}`);
        continue;
      }
      const record = emptyRecord(sourcePath);
      record.patientKey = (cells[col['Patient ID']] ?? '').trim() || null;
      record.ageYears = normaliseAgeYears(cells[col['Patient Age']]);
      record.sex = normaliseSex(cells[col['Patient Gender']]);
      record.view = normaliseView(cells[col['View Position']]);
      record.modality = 'DX';
      record.site = 'NIH Clinical Center';
      record.labels = labels;
      yield { kind: 'record', record };
    }
    for (const [, rel] of imageIndex) {
      if (!seen.has(rel)) yield quarantine(rel, 'DATASET_LABEL', `${rel}: image has no row in ${path.basename(file as string)}`);
    }
    for (const [, { rel, message }] of notRead) if (!seen.has(rel)) yield quarantine(rel, 'NOT_REGULAR_FILE', message);
  }
}

/** Returns the label map, or a string saying what is wrong. */
function parseFindingLabels(raw: string): Record<string, 1 | 0> | string {
  const parts = raw
    .split('|')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return 'empty "Finding Labels"';
  const labels: Record<string, 1 | 0> = {};
  for (const f of NIH_FINDINGS) labels[f] = 0;
  const known = new Set<string>(NIH_FINDINGS);
  for (const p of parts) {
    if (p === 'No Finding') continue;
    if (!known.has(p)) return `unknown finding "${p}" in "Finding Labels"`;
    labels[p] = 1;
  }
  if (parts.includes('No Finding') && parts.length > 1) return `"No Finding" combined with findings: "${raw}"`;
  return labels;
}

/**
 * File name → path relative to root, over `images/` and the release's `images_NNN/images/` folders, and the entries
 * there that are not read (src-core's walkFolder: FIFOs, sockets, devices, bad links), by name.
 */
function indexImages(root: string): { index: Map<string, string>; skipped: Map<string, { rel: string; message: string }> } {
  const index = new Map<string, string>();
  const skipped = new Map<string, { rel: string; message: string }>();
  const dirs: string[] = [];
  if (existsSync(path.join(root, 'images'))) dirs.push('images');
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && /^images_\d+$/.test(entry.name) && existsSync(path.join(root, entry.name, 'images'))) {
      dirs.push(`${entry.name}/images`);
    }
  }
  for (const d of dirs) {
    const walked = walkFolder(fs, path.join(root, d), { maxDepth: 0, hidden: true });
    for (const name of walked.files) index.set(name, `${d}/${name}`);
    for (const s of walked.skipped) {
      const rel = `${d}/${s.path}`;
      skipped.set(s.path, { rel, message: describeSkip(rel, s.reason, s.detail) });
    }
  }
  return { index, skipped };
}
