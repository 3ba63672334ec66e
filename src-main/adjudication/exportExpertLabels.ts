/**
 * Final readings as a dataset label file in Hilum's generic CSV format: one row per image (path
 * relative to the review folder, which is the dataset root), one column per label holding
 * 1 / 0 / -1 (uncertain) / blank (not read), then provenance columns the importer ignores. The patient
 * is left to the importer, which reads and pseudonymises it from the DICOM header as for any import.
 */
import path from 'node:path';
import { csvCell } from '../governance/exportAuditTrail';
import type { Store } from '../store/openStore';
import { currentCase } from './adjudicationCases';
import { finalReadingOf } from './finalReadingOf';
import { listAdjudications } from './listAdjudications';

export interface ExportableStudy {
  file: string;
  inputSha256: string;
  bundleHash: string;
}

export interface ExpertLabelExport {
  csv: string;
  rows: number;
  labels: string[];
  openCases: number;
  importArgs: string[];
}

const stateValue = { positive: '1', negative: '0', uncertain: '-1' } as const;

export function exportExpertLabels(store: Store, root: string, studies: readonly ExportableStudy[], csvName: string): ExpertLabelExport {
  const base = path.resolve(root);
  const rows: Record<string, string>[] = [];
  const labelSet = new Set<string>();
  let openCases = 0;
  for (const study of studies) {
    const relative = path.relative(base, study.file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const of = { inputSha256: study.inputSha256, bundleHash: study.bundleHash };
    const readings = listAdjudications(store, { inputSha256: study.inputSha256 }).filter((r) => r.bundleHash === study.bundleHash);
    const { state, final } = finalReadingOf(readings, currentCase(store, of), false);
    if (state === 'disagreement') openCases++;
    if (!final) continue;
    for (const label of Object.keys(final.labels)) labelSet.add(label);
    rows.push({
      image: relative.split(path.sep).join('/'),
      ...Object.fromEntries(Object.entries(final.labels).map(([label, v]) => [label, stateValue[v]])),
      reader: final.reader.username,
      read_at: final.adjudicatedAt,
      adjudicated: state === 'adjudicated' ? 'yes' : 'no',
      bundle: final.bundleHash,
      image_sha256: final.inputSha256,
    });
  }
  const labels = [...labelSet].sort();
  const columns = ['image', ...labels, 'reader', 'read_at', 'adjudicated', 'bundle', 'image_sha256'];
  // Label values go out as bare 1 / 0 / -1 (the importer's vocabulary); csvCell would guard "-1" against spreadsheet formulas.
  const cell = (column: string, value: string) => (labelSet.has(column) ? value : csvCell(value));
  const lines = [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((c) => cell(c, row[c] ?? '')).join(','))];
  return {
    csv: `${lines.join('\n')}\n`,
    rows: rows.length,
    labels,
    openCases,
    importArgs: [
      'dataset',
      'import',
      base,
      '--format',
      'csv',
      '--csv',
      csvName,
      '--image-column',
      'image',
      '--label-columns',
      labels.join(','),
    ],
  };
}
