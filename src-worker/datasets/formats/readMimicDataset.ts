/**
 * MIMIC-CXR-JPG 2.0.0: `mimic-cxr-2.0.0-metadata.csv[.gz]` (one row per image: dicom_id,
 * subject_id, study_id, ..., ViewPosition, ...), labels per study in `-chexpert.csv[.gz]` or
 * `-negbio.csv[.gz]` (subject_id, study_id, 14 observations: 1.0 / 0.0 / -1.0 / blank), and the
 * official split per image in `-split.csv[.gz]`. Images: files/pXX/pSUBJECT/sSTUDY/DICOM_ID.jpg.
 * Label and split tables are held in maps (a few hundred thousand short rows); metadata streams.
 */
import path from 'node:path';
import { HilumError } from '../../../src-core/errors';
import { emptyRecord } from '../../../src-core/datasets/datasetRecord';
import { type LabelState, parseLabelState } from '../../../src-core/datasets/labelState';
import { MIMIC_OBSERVATIONS } from '../../../src-core/datasets/labelVocabularies';
import { normaliseView } from '../../../src-core/datasets/normaliseDemographics';
import { firstExisting, openCsvFile, requireColumns } from '../openCsvFile';
import { type DatasetSource, type RecordEvent, quarantine } from './recordEvent';

const PREFIX = 'mimic-cxr-2.0.0-';

export interface MimicOptions {
  labeler?: 'chexpert' | 'negbio';
}

export async function readMimicDataset(root: string, options: MimicOptions = {}): Promise<DatasetSource> {
  const labeler = options.labeler ?? 'chexpert';
  const find = (suffix: string) => firstExisting([`${PREFIX}${suffix}.csv`, `${PREFIX}${suffix}.csv.gz`].map((n) => path.join(root, n)));
  const metadataFile = find('metadata');
  const labelFile = find(labeler);
  const splitFile = find('split');
  if (!metadataFile || !labelFile) {
    throw new HilumError('DATASET_FORMAT', `${root}: needs ${PREFIX}metadata.csv and ${PREFIX}${labeler}.csv (optionally .gz)`, {
      file: root,
    });
  }
  const labelsByStudy = await readStudyLabels(labelFile);
  const splitByImage = splitFile ? await readSplits(splitFile) : new Map<string, string>();
  const metadata = await openCsvFile(metadataFile);
  const col = requireColumns(metadata, ['dicom_id', 'subject_id', 'study_id', 'ViewPosition'] as const);
  const labelFiles = [metadataFile, labelFile, ...(splitFile ? [splitFile] : [])].map((f) => path.relative(root, f));
  return { format: 'mimic', labelNames: [...MIMIC_OBSERVATIONS], labelFiles, events: events() };

  async function* events(): AsyncGenerator<RecordEvent> {
    const metaName = path.basename(metadataFile as string);
    for await (const { rowNumber, cells } of metadata.rows) {
      const dicomId = (cells[col.dicom_id] ?? '').trim();
      const subject = (cells[col.subject_id] ?? '').trim();
      const study = (cells[col.study_id] ?? '').trim();
      const where = `${metaName} row ${rowNumber}`;
      if (!dicomId || !/^\d+$/.test(subject) || !/^\d+$/.test(study)) {
        yield quarantine(where, 'DATASET_FORMAT', `${where}: dicom_id, subject_id or study_id missing or malformed`);
        continue;
      }
      const sourcePath = `files/p${subject.slice(0, 2)}/p${subject}/s${study}/${dicomId}.jpg`;
      const labels = labelsByStudy.get(study);
      if (labels === undefined) {
        yield quarantine(sourcePath, 'DATASET_LABEL', `${where}: study ${study} has no row in ${path.basename(labelFile as string)}`);
        continue;
      }
      if (typeof labels === 'string') {
        yield quarantine(sourcePath, 'DATASET_LABEL', labels);
        continue;
      }
      const record = emptyRecord(sourcePath);
      record.patientKey = subject;
      record.studyKey = study;
      record.view = normaliseView(cells[col.ViewPosition]);
      record.site = 'Beth Israel Deaconess Medical Center';
      record.modality = 'CR';
      record.sourceSplit = splitByImage.get(dicomId) ?? null;
      record.labels = { ...labels };
      yield { kind: 'record', record };
    }
  }
}

/** study_id → labels, or an error message when the label row is invalid. */
async function readStudyLabels(file: string): Promise<Map<string, Record<string, LabelState> | string>> {
  const csv = await openCsvFile(file);
  const col = requireColumns(csv, ['subject_id', 'study_id', ...MIMIC_OBSERVATIONS] as const);
  const map = new Map<string, Record<string, LabelState> | string>();
  const name = path.basename(file);
  for await (const { rowNumber, cells } of csv.rows) {
    const study = (cells[col.study_id] ?? '').trim();
    try {
      const labels: Record<string, LabelState> = {};
      for (const o of MIMIC_OBSERVATIONS) labels[o] = parseLabelState(cells[col[o]], { file: name, row: rowNumber, column: o });
      map.set(study, labels);
    } catch (error) {
      map.set(study, (error as Error).message);
    }
  }
  return map;
}

async function readSplits(file: string): Promise<Map<string, string>> {
  const csv = await openCsvFile(file);
  const col = requireColumns(csv, ['dicom_id', 'split'] as const);
  const map = new Map<string, string>();
  for await (const { cells } of csv.rows) map.set((cells[col.dicom_id] ?? '').trim(), (cells[col.split] ?? '').trim());
  return map;
}
