/** Hilum's generic CSV format: any label file plus a column mapping (see csvMapping.ts). */
import path from 'node:path';
import { HilumError } from '../../../src-core/errors';
import { emptyRecord } from '../../../src-core/datasets/datasetRecord';
import { type LabelState, parseLabelState } from '../../../src-core/datasets/labelState';
import { normaliseAgeYears, normaliseSex, normaliseView } from '../../../src-core/datasets/normaliseDemographics';
import { type OpenCsv, openCsvFile, requireColumns } from '../openCsvFile';
import type { CsvMapping } from './csvMapping';
import { type DatasetSource, type RecordEvent, quarantine } from './recordEvent';

export async function readCsvMappedDataset(root: string, mapping: CsvMapping): Promise<DatasetSource> {
  const file = path.resolve(root, mapping.csv);
  const csv = await openCsvFile(file, mapping.delimiter ?? ',');
  const templateColumns = [...(mapping.imageTemplate ?? '').matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const named = [
    mapping.image,
    mapping.patient,
    mapping.study,
    mapping.sex,
    mapping.age,
    mapping.view,
    mapping.site,
    mapping.modality,
    mapping.labelList?.column,
    ...(mapping.labels ?? []),
    ...templateColumns,
  ].filter((c): c is string => typeof c === 'string');
  const col = requireColumns(csv, [...new Set(named)]);
  const labelNames = [...(mapping.labels ?? []), ...(mapping.labelList?.vocabulary ?? []), ...Object.keys(mapping.constantLabels ?? {})];
  const duplicate = labelNames.find((l, i) => labelNames.indexOf(l) !== i);
  if (duplicate) throw new HilumError('CONFIG_INVALID', `Label "${duplicate}" is mapped twice`, { label: duplicate });
  return { format: 'csv', labelNames, labelFiles: [mapping.csv], events: events(csv, col) };

  async function* events(source: OpenCsv, c: Record<string, number>): AsyncGenerator<RecordEvent> {
    const name = path.basename(file);
    const cell = (cells: string[], column: string | undefined) =>
      column === undefined ? undefined : (cells[c[column] as number] ?? '').trim();
    for await (const { rowNumber, cells } of source.rows) {
      const where = `${name} row ${rowNumber}`;
      const sourcePath = mapping.imageTemplate
        ? mapping.imageTemplate.replace(/\{([^}]+)\}/g, (_, k: string) => cell(cells, k) ?? '')
        : (cell(cells, mapping.image) ?? '');
      if (sourcePath === '' || (mapping.imageTemplate && templateColumns.some((k) => cell(cells, k) === ''))) {
        yield quarantine(where, 'DATASET_FORMAT', `${where}: no image path`);
        continue;
      }
      let labels: Record<string, LabelState>;
      try {
        labels = rowLabels(mapping, cells, c, name, rowNumber);
      } catch (error) {
        yield quarantine(sourcePath, 'DATASET_LABEL', (error as Error).message);
        continue;
      }
      const record = emptyRecord(sourcePath.replace(/\\/g, '/'));
      record.patientKey = cell(cells, mapping.patient) || null;
      record.studyKey = cell(cells, mapping.study) || null;
      record.sex = normaliseSex(cell(cells, mapping.sex));
      record.ageYears = normaliseAgeYears(cell(cells, mapping.age));
      record.view = normaliseView(cell(cells, mapping.view));
      record.site = cell(cells, mapping.site) || mapping.siteName || null;
      record.modality = cell(cells, mapping.modality)?.toUpperCase() || null;
      record.labels = labels;
      yield { kind: 'record', record };
    }
  }
}

function rowLabels(mapping: CsvMapping, cells: string[], c: Record<string, number>, file: string, row: number): Record<string, LabelState> {
  const labels: Record<string, LabelState> = {};
  for (const l of mapping.labels ?? []) labels[l] = parseLabelState(cells[c[l] as number], { file, row, column: l });
  if (mapping.labelList) {
    const { column, separator, vocabulary, none } = mapping.labelList;
    for (const v of vocabulary) labels[v] = 0;
    const parts = (cells[c[column] as number] ?? '')
      .split(separator)
      .map((p) => p.trim())
      .filter((p) => p !== '' && p !== none);
    for (const p of parts) {
      if (!vocabulary.includes(p)) {
        throw new HilumError('DATASET_LABEL', `${file}, row ${row}: "${p}" in "${column}" is not in the label vocabulary`, {
          file,
          row,
          column,
          value: p,
        });
      }
      labels[p] = 1;
    }
  }
  for (const [l, v] of Object.entries(mapping.constantLabels ?? {})) labels[l] = v;
  return labels;
}
