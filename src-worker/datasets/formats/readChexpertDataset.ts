/**
 * CheXpert (Irvin et al. 2019): `train.csv` and/or `valid.csv` with columns Path, Sex, Age,
 * Frontal/Lateral, AP/PA and the 14 observations, each 1.0 / 0.0 / -1.0 (uncertain) / blank
 * (not mentioned). Paths start with the release folder name (`CheXpert-v1.0-small/train/...`);
 * the root is that folder, so the first segment is dropped when it names the root.
 */
import path from 'node:path';
import { HilumError } from '../../../src-core/errors';
import { emptyRecord } from '../../../src-core/datasets/datasetRecord';
import { type LabelState, parseLabelState } from '../../../src-core/datasets/labelState';
import { CHEXPERT_OBSERVATIONS } from '../../../src-core/datasets/labelVocabularies';
import { normaliseAgeYears, normaliseSex, normaliseView } from '../../../src-core/datasets/normaliseDemographics';
import { firstExisting, openCsvFile, requireColumns } from '../openCsvFile';
import { type DatasetSource, type RecordEvent, quarantine } from './recordEvent';

const COLUMNS = ['Path', 'Sex', 'Age', 'Frontal/Lateral', 'AP/PA', ...CHEXPERT_OBSERVATIONS] as const;

export async function readChexpertDataset(root: string, options: { csv?: string[] } = {}): Promise<DatasetSource> {
  const files = options.csv?.length
    ? options.csv.map((c) => path.resolve(root, c))
    : (['train.csv', 'valid.csv'].map((n) => firstExisting([path.join(root, n)])).filter((f) => f !== null) as string[]);
  if (files.length === 0) throw new HilumError('DATASET_FORMAT', `${root}: no train.csv or valid.csv found`, { file: root });
  // Open (and validate the header of) every file before yielding anything.
  const csvs = await Promise.all(files.map((f) => openCsvFile(f)));
  const columns = csvs.map((c) => requireColumns(c, COLUMNS));
  return {
    format: 'chexpert',
    labelNames: [...CHEXPERT_OBSERVATIONS],
    labelFiles: files.map((f) => path.relative(root, f)),
    events: events(),
  };

  async function* events(): AsyncGenerator<RecordEvent> {
    const rootName = path.basename(path.resolve(root));
    for (const [i, csv] of csvs.entries()) {
      const col = columns[i] as Record<(typeof COLUMNS)[number], number>;
      const fileName = path.basename(csv.file);
      for await (const { rowNumber, cells } of csv.rows) {
        const rawPath = (cells[col.Path] ?? '').trim();
        const where = `${fileName} row ${rowNumber}`;
        if (rawPath === '') {
          yield quarantine(where, 'DATASET_FORMAT', `${where}: empty "Path"`);
          continue;
        }
        const segments = rawPath.split('/');
        const sourcePath = segments[0] === rootName ? segments.slice(1).join('/') : rawPath;
        const labels: Record<string, LabelState> = {};
        try {
          for (const o of CHEXPERT_OBSERVATIONS) labels[o] = parseLabelState(cells[col[o]], { file: fileName, row: rowNumber, column: o });
        } catch (error) {
          yield quarantine(sourcePath, 'DATASET_LABEL', (error as Error).message);
          continue;
        }
        const record = emptyRecord(sourcePath);
        record.patientKey = /(?:^|\/)(patient\d+)\//.exec(rawPath)?.[1] ?? null;
        const study = /(?:^|\/)(study\d+)\//.exec(rawPath)?.[1];
        record.studyKey = record.patientKey && study ? `${record.patientKey}/${study}` : null;
        record.sex = normaliseSex(cells[col.Sex]);
        record.ageYears = normaliseAgeYears(cells[col.Age]);
        const frontal = (cells[col['Frontal/Lateral']] ?? '').trim().toLowerCase();
        record.view = normaliseView(cells[col['AP/PA']]) ?? (frontal === 'lateral' ? 'LATERAL' : null);
        record.modality = 'CR';
        record.site = 'Stanford Hospital';
        record.sourceSplit = fileName.replace(/\.csv$/, '');
        record.labels = labels;
        yield { kind: 'record', record };
      }
    }
  }
}
