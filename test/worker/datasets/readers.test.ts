// Format readers on the real shared data (NIH, Kermany, MHH) and on published-layout fixtures (CheXpert, MIMIC).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetRecord, QuarantineEntry } from '../../../src-core/datasets/datasetRecord';
import { NIH_FINDINGS } from '../../../src-core/datasets/labelVocabularies';
import { loadCsvMappingFile } from '../../../src-worker/datasets/formats/csvMapping';
import { openDatasetSource, type FormatOptions } from '../../../src-worker/datasets/formats/openDatasetSource';
import { repoRoot, sharedDataDir } from '../../helpers/paths';

const fixtures = path.join(repoRoot, 'test/fixtures/datasets');

async function readAll(format: string, root: string, options: FormatOptions = {}) {
  const source = await openDatasetSource(format, root, options);
  const records: DatasetRecord[] = [];
  const quarantined: QuarantineEntry[] = [];
  for await (const e of source.events) {
    if (e.kind === 'record') records.push(e.record);
    else quarantined.push(e.entry);
  }
  return { source, records, quarantined };
}

describe('NIH ChestX-ray14 reader (real subset)', () => {
  it('reads 1,000 images of 264 patients with 14 findings, sex, age and view', async () => {
    const { source, records, quarantined } = await readAll('nih', path.join(sharedDataDir, 'nih-cxr14-subset-64px'));
    expect(source.labelNames).toEqual([...NIH_FINDINGS]);
    expect(records).toHaveLength(1000);
    expect(quarantined).toEqual([]);
    expect(new Set(records.map((r) => r.patientKey)).size).toBe(264);
    expect(records.filter((r) => r.view === 'PA')).toHaveLength(637);
    expect(records.filter((r) => r.view === 'AP')).toHaveLength(363);
    expect(records.every((r) => r.sex === 'M' || r.sex === 'F')).toBe(true);
    expect(records.every((r) => r.ageYears !== null)).toBe(true);
    const normal = records.filter((r) => Object.values(r.labels).every((v) => v === 0));
    expect(normal.length).toBeGreaterThanOrEqual(495);
    const first = records[0] as DatasetRecord;
    expect(first).toMatchObject({ sourcePath: 'images/00000001_000.png', patientKey: '1', ageYears: 57, sex: 'M', view: 'PA' });
    expect(first.labels.Cardiomegaly).toBe(1);
    expect(first.labels.Emphysema).toBe(0);
  });
});

describe('NIH reader on the full release layout', () => {
  it('finds images in images_NNN/images/ and quarantines images with no CSV row', async () => {
    const { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const root = mkdtempSync(path.join(os.tmpdir(), 'hilum-nih-layout-'));
    const src = path.join(sharedDataDir, 'nih-cxr14-subset-64px/images');
    mkdirSync(path.join(root, 'images_001/images'), { recursive: true });
    mkdirSync(path.join(root, 'images_002/images'), { recursive: true });
    copyFileSync(path.join(src, '00000001_000.png'), path.join(root, 'images_001/images/00000001_000.png'));
    copyFileSync(path.join(src, '00000002_000.png'), path.join(root, 'images_002/images/00000002_000.png'));
    copyFileSync(path.join(src, '00000003_000.png'), path.join(root, 'images_002/images/00000003_000.png'));
    writeFileSync(
      path.join(root, 'Data_Entry_2017.csv'),
      [
        'Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y]',
        '00000001_000.png,Cardiomegaly|Emphysema,0,1,058Y,M,PA,2682,2749,0.143,0.143',
        '00000002_000.png,No Finding,0,2,81,M,PA,2500,2048,0.171,0.171',
        '00000004_000.png,Mass|Nodule,0,4,82,M,AP,2500,2048,0.168,0.168',
      ].join('\n'),
    );
    const { records, quarantined } = await readAll('nih', root);
    rmSync(root, { recursive: true, force: true });
    expect(records.map((r) => r.sourcePath)).toEqual([
      'images_001/images/00000001_000.png',
      'images_002/images/00000002_000.png',
      'images/00000004_000.png',
    ]);
    expect(records[0]).toMatchObject({ ageYears: 58, labels: { Cardiomegaly: 1, Emphysema: 1, Mass: 0 } });
    expect(quarantined).toEqual([expect.objectContaining({ sourcePath: 'images_002/images/00000003_000.png', code: 'DATASET_LABEL' })]);
  });
});

describe('folder-per-class reader (real Kermany)', () => {
  it('finds 5,216 images in 2 classes, PNEUMONIA as the label, patient keys from file names', async () => {
    const { source, records, quarantined } = await readAll('folders', path.join(sharedDataDir, 'kermany-pediatric-224px/train'));
    expect(source.labelNames).toEqual(['PNEUMONIA']);
    expect(records).toHaveLength(5216);
    expect(quarantined).toEqual([]);
    expect(records.filter((r) => r.labels.PNEUMONIA === 1)).toHaveLength(3875);
    expect(records.filter((r) => r.labels.PNEUMONIA === 0)).toHaveLength(1341);
    expect(records.every((r) => r.patientKey !== null)).toBe(true);
    const byName = new Map(records.map((r) => [path.basename(r.sourcePath), r.patientKey]));
    expect(byName.get('IM-0115-0001.jpeg')).toBe('IM-0115');
    expect(byName.get('person1_bacteria_1.jpeg')).toBe('person1');
    const patients = new Set(records.map((r) => r.patientKey));
    expect(patients.size).toBeLessThan(5216); // several images per child
  });

  it('rejects an invalid patient pattern', async () => {
    await expect(
      openDatasetSource('folders', path.join(sharedDataDir, 'kermany-pediatric-224px/train'), { folders: { patientPattern: '(' } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('generic CSV mapping (real MHH)', () => {
  it('maps patient, sex, projection and modality; every image is COVID-19 positive', async () => {
    const { records, quarantined } = await readAll('csv', path.join(sharedDataDir, 'mhh-covid19-640px'), {
      mapping: {
        csv: 'data.csv',
        imageTemplate: 'png/{image_id}.png',
        patient: 'patient_id',
        sex: 'sex',
        age: 'age',
        view: 'projection',
        modality: 'modality',
        constantLabels: { 'COVID-19': 1 },
      },
    });
    expect(quarantined).toEqual([]);
    expect(records).toHaveLength(243);
    expect(new Set(records.map((r) => r.patientKey)).size).toBe(71);
    expect(records.filter((r) => r.sex === 'M')).toHaveLength(180);
    expect(records.filter((r) => r.sex === 'F')).toHaveLength(63);
    expect(records.filter((r) => r.view === 'AP')).toHaveLength(194);
    expect(records.filter((r) => r.view === 'PA')).toHaveLength(49);
    expect(records.filter((r) => r.modality === 'CR')).toHaveLength(212);
    expect(records.every((r) => r.ageYears === null && r.labels['COVID-19'] === 1)).toBe(true);
  });

  it('reads the same mapping from YAML, and rejects a mapping without labels', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hilum-mapping-'));
    const yamlFile = path.join(dir, 'mhh.yaml');
    writeFileSync(
      yamlFile,
      'csv: data.csv\nimageTemplate: "png/{image_id}.png"\npatient: patient_id\nsex: sex\nview: projection\nconstantLabels:\n  COVID-19: 1\n',
    );
    const mapping = loadCsvMappingFile(yamlFile);
    expect(mapping).toMatchObject({ csv: 'data.csv', imageTemplate: 'png/{image_id}.png', constantLabels: { 'COVID-19': 1 } });
    const { records } = await readAll('csv', path.join(sharedDataDir, 'mhh-covid19-640px'), { mapping });
    expect(records).toHaveLength(243);
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ csv: 'data.csv', image: 'x' }));
    expect(() => loadCsvMappingFile(path.join(dir, 'bad.json'))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('no labels mapped') }),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('names missing columns', async () => {
    await expect(
      openDatasetSource('csv', path.join(sharedDataDir, 'mhh-covid19-640px'), {
        mapping: { csv: 'data.csv', image: 'file_name', constantLabels: { x: 1 } },
      }),
    ).rejects.toMatchObject({ code: 'DATASET_FORMAT', message: expect.stringContaining('"file_name"') });
  });
});

describe('CheXpert reader (fixture in the published layout)', () => {
  it('keeps 1 / 0 / -1 / blank distinct and quarantines an invalid label value', async () => {
    const { records, quarantined } = await readAll('chexpert', path.join(fixtures, 'chexpert/CheXpert-v1.0-small'));
    expect(records).toHaveLength(10); // 9 train rows (one has a bad label) + 2 valid rows
    expect(quarantined).toEqual([
      expect.objectContaining({ sourcePath: 'train/patient00006/study1/view1_frontal.jpg', code: 'DATASET_LABEL' }),
    ]);
    const r = records.find((x) => x.sourcePath === 'train/patient00002/study2/view1_frontal.jpg') as DatasetRecord;
    expect(r).toMatchObject({
      patientKey: 'patient00002',
      studyKey: 'patient00002/study2',
      sex: 'F',
      ageYears: 87,
      view: 'AP',
      sourceSplit: 'train',
    });
    expect(r.labels).toMatchObject({
      'No Finding': null,
      Cardiomegaly: -1,
      'Lung Opacity': 1,
      Edema: -1,
      Pneumonia: null,
      'Pleural Other': null,
      Fracture: 1,
    });
    const lateral = records.find((x) => x.sourcePath.endsWith('patient00002/study1/view2_lateral.jpg')) as DatasetRecord;
    expect(lateral.view).toBe('LATERAL');
    expect(records.filter((x) => x.sourceSplit === 'valid')).toHaveLength(2);
  });

  it('refuses a file whose header lacks the published columns', async () => {
    await expect(
      openDatasetSource('chexpert', path.join(fixtures, 'chexpert/CheXpert-v1.0-small'), {
        csv: ['../../mimic/mimic-cxr-2.0.0-chexpert.csv'],
      }),
    ).rejects.toMatchObject({ code: 'DATASET_FORMAT', message: expect.stringContaining('"Path"') });
  });
});

describe('MIMIC-CXR-JPG reader (fixture in the published layout)', () => {
  it('joins metadata, labels and the gzipped split by subject, study and dicom id', async () => {
    const { records, quarantined } = await readAll('mimic', path.join(fixtures, 'mimic'));
    expect(records).toHaveLength(5);
    expect(quarantined).toEqual([expect.objectContaining({ code: 'DATASET_LABEL', message: expect.stringContaining('study 59999999') })]);
    const r = records.find((x) => x.studyKey === '50771383') as DatasetRecord;
    expect(r.sourcePath).toBe('files/p10/p10000898/s50771383/b79e55c3-735ce5ac-64412506-cdc9ea79-f1af521f.jpg');
    expect(r).toMatchObject({ patientKey: '10000898', view: null, sourceSplit: 'test' });
    expect(r.labels).toMatchObject({ Atelectasis: 1, Cardiomegaly: -1, Edema: 0, Consolidation: null, 'Support Devices': 1 });
    expect(records.filter((x) => x.patientKey === '10000032')).toHaveLength(3);
    expect(records.find((x) => x.studyKey === '57375967')?.sourceSplit).toBe('validate');
  });

  it('reads the NegBio labeler when asked', async () => {
    const { records } = await readAll('mimic', path.join(fixtures, 'mimic'), { mimic: { labeler: 'negbio' } });
    expect(records.find((x) => x.studyKey === '50771383')?.labels.Cardiomegaly).toBe(0);
    expect(records.find((x) => x.studyKey === '57375967')?.labels.Consolidation).toBe(1);
  });
});
