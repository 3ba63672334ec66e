// End to end on the real shared data: import into a fresh store, split, show, leakage, targets.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { loadTrainingTargets } from '../../../src-main/datasets/loadTrainingTargets';
import { showDataset } from '../../../src-main/datasets/showDataset';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';
import { repoRoot, sharedDataDir } from '../../helpers/paths';

let dataDir: string;
let store: Store;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hilum-datasets-'));
  store = openStore({ dataDir });
});
afterAll(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const mhhMapping = {
  csv: 'data.csv',
  imageTemplate: 'png/{image_id}.png',
  patient: 'patient_id',
  sex: 'sex',
  age: 'age',
  view: 'projection',
  modality: 'modality',
  siteName: 'Hannover Medical School',
  constantLabels: { 'COVID-19': 1 as const },
};

describe('NIH ChestX-ray14 subset', () => {
  it('imports 1,000 images of 264 patients with 14 findings and sex/age/view', async () => {
    const report = await importDatasetIntoStore(store, {
      name: 'nih',
      format: 'nih',
      root: path.join(sharedDataDir, 'nih-cxr14-subset-64px'),
      size: 32,
    });
    expect(report).toMatchObject({ imported: 1000, quarantined: 0, patients: 264, imagesWithoutPatient: 0 });
    expect(report.labelNames).toHaveLength(14);
    const s = showDataset(store, 'nih');
    expect(s.metadataCoverage).toMatchObject({ patient: 1, sex: 1, view: 1 });
    expect(s.metadataCoverage.ageYears).toBeGreaterThan(0.99);
    expect(s.views).toEqual({ PA: 637, AP: 363 });
    expect(s.splits.unassigned?.images).toBe(1000);
    expect(s.splits.unassigned?.labels.Cardiomegaly?.positive).toBeGreaterThan(0);
  });

  it('splits patient-disjointly with 0 shared patients, stratified, reproducibly', () => {
    const r = splitDataset(store, { name: 'nih', seed: 42, fractions: { train: 0.7, val: 0.1, test: 0.2 } });
    expect(r.leakage).toMatchObject({ ok: true, patientsChecked: 264, shared: [] });
    expect((r.images.train ?? 0) + (r.images.val ?? 0) + (r.images.test ?? 0)).toBe(1000);
    expect(Math.abs((r.images.train ?? 0) / 1000 - 0.7)).toBeLessThan(0.03);
    expect(Math.abs((r.images.val ?? 0) / 1000 - 0.1)).toBeLessThan(0.03);
    expect((r.patients.train ?? 0) + (r.patients.val ?? 0) + (r.patients.test ?? 0)).toBe(264);
    const s = showDataset(store, 'nih');
    expect(s.leakage.ok).toBe(true);
    const shared = store.sqlite
      .prepare(
        `SELECT patient_pseudonym FROM dataset_images WHERE dataset_id = (SELECT id FROM datasets WHERE name = 'nih')
      GROUP BY patient_pseudonym HAVING count(DISTINCT split) > 1`,
      )
      .all();
    expect(shared).toEqual([]);
    // Stratified: every finding seen in at least 10 patients has positives in every split (labels
    // held by fewer patients, e.g. Edema: 31 images of 5 patients, cannot be spread patient-disjointly).
    const perLabel = store.sqlite
      .prepare(
        `SELECT l.label AS label, count(DISTINCT i.patient_pseudonym) AS patients, sum(i.split = 'train') AS train,
      sum(i.split = 'val') AS val, sum(i.split = 'test') AS test FROM dataset_labels l JOIN dataset_images i ON i.id = l.image_id
      WHERE l.state = 1 AND i.dataset_id = (SELECT id FROM datasets WHERE name = 'nih') GROUP BY l.label`,
      )
      .all() as { label: string; patients: number; train: number; val: number; test: number }[];
    const common = perLabel.filter((l) => l.patients >= 10);
    expect(common.length).toBeGreaterThanOrEqual(10);
    for (const l of common) expect(Math.min(l.train, l.val, l.test), l.label).toBeGreaterThan(0);
    const again = splitDataset(store, { name: 'nih', seed: 42, fractions: { train: 0.7, val: 0.1, test: 0.2 } });
    expect(again.images).toEqual(r.images);
  });

  it('a hand-edited store that puts one patient in two splits fails the leakage check in show', () => {
    const row = store.sqlite
      .prepare(
        `SELECT patient_pseudonym AS p, min(id) AS id FROM dataset_images WHERE dataset_id = (SELECT id FROM datasets WHERE name = 'nih')
      GROUP BY patient_pseudonym HAVING count(*) > 1 LIMIT 1`,
      )
      .get() as { p: string; id: number };
    const before = store.sqlite.prepare('SELECT split FROM dataset_images WHERE id = ?').get(row.id) as { split: string };
    store.sqlite.prepare('UPDATE dataset_images SET split = ? WHERE id = ?').run(before.split === 'test' ? 'train' : 'test', row.id);
    const s = showDataset(store, 'nih');
    expect(s.leakage.ok).toBe(false);
    expect(s.leakage.shared.map((x) => x.patient)).toEqual([row.p]);
    store.sqlite.prepare('UPDATE dataset_images SET split = ? WHERE id = ?').run(before.split, row.id);
    expect(showDataset(store, 'nih').leakage.ok).toBe(true);
  });

  it('reads training epochs from the cache: a re-import under another name hits the cache for every image', async () => {
    const r = await importDatasetIntoStore(store, {
      name: 'nih-again',
      format: 'nih',
      root: path.join(sharedDataDir, 'nih-cxr14-subset-64px'),
      size: 32,
    });
    expect(r.cacheHits).toBe(1000);
  });
});

describe('MHH through the generic CSV mapping, as an external set', () => {
  it('imports 243 images of 71 patients with sex and projection', async () => {
    const r = await importDatasetIntoStore(store, {
      name: 'mhh',
      format: 'csv',
      root: path.join(sharedDataDir, 'mhh-covid19-640px'),
      size: 32,
      formatOptions: { mapping: mhhMapping },
    });
    expect(r).toMatchObject({ imported: 243, quarantined: 0, patients: 71 });
    const s = showDataset(store, 'mhh');
    expect(s.sex).toEqual({ M: 180, F: 63 });
    expect(s.views).toEqual({ AP: 194, PA: 49 });
    expect(s.metadataCoverage).toMatchObject({ sex: 1, view: 1, ageYears: 0, modality: 1, site: 1 });
  });

  it('becomes the institution- and patient-disjoint external set of NIH', () => {
    const r = splitDataset(store, { name: 'mhh', seed: 1, externalOf: 'nih' });
    expect(r).toMatchObject({ mode: 'external', images: { external: 243 }, patients: { external: 71 } });
    expect(r.leakage.ok).toBe(true);
    expect(r.warnings).toEqual([]); // both datasets name their institution
    expect(showDataset(store, 'nih').externalSets).toEqual(['mhh']);
    expect(showDataset(store, 'mhh').externalOf).toBe('nih');
  });

  it('refuses an external set that shares patients (by pseudonym) with its base dataset, naming them', async () => {
    // NIH images re-listed under another site, keeping NIH patient IDs 1 and 2.
    const root = path.join(sharedDataDir, 'nih-cxr14-subset-64px');
    const csv = path.join(dataDir, 'collide.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csv, 'file,pid,site,finding\nimages/00000001_000.png,1,Elsewhere,1\nimages/00000002_000.png,2,Elsewhere,0\n');
    await importDatasetIntoStore(store, {
      name: 'collide',
      format: 'csv',
      root,
      size: 32,
      formatOptions: { mapping: { csv, image: 'file', patient: 'pid', site: 'site', labels: ['finding'] } },
    });
    let error: unknown;
    try {
      splitDataset(store, { name: 'collide', seed: 1, externalOf: 'nih' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'SPLIT_LEAKAGE' });
    const shared = (error as { details: { shared: { patient: string }[] } }).details.shared.map((s) => s.patient);
    expect(shared).toHaveLength(2);
    expect((error as Error).message).toContain(shared[0]);
    expect((error as Error).message).toContain('--patient-namespace');
    expect(showDataset(store, 'collide').externalOf).toBeNull(); // nothing written
    // With its own namespace the same IDs are different patients; the same site is still refused.
    await importDatasetIntoStore(store, {
      name: 'same-site',
      format: 'csv',
      root,
      size: 32,
      patientNamespace: 'other',
      formatOptions: { mapping: { csv, image: 'file', patient: 'pid', labels: ['finding'], constantLabels: {} } },
    });
    store.sqlite
      .prepare(
        `UPDATE dataset_images SET site_pseudonym = (SELECT site_pseudonym FROM dataset_images WHERE dataset_id = (SELECT id FROM datasets WHERE name = 'nih') LIMIT 1)
      WHERE dataset_id = (SELECT id FROM datasets WHERE name = 'same-site')`,
      )
      .run();
    expect(() => splitDataset(store, { name: 'same-site', seed: 1, externalOf: 'nih' })).toThrow(
      expect.objectContaining({ code: 'SPLIT_SITE_OVERLAP' }),
    );
  });
});

describe('label file problems', () => {
  it('quarantines a row listed twice, a missing image and an unknown label, and imports the rest', async () => {
    const csv = path.join(dataDir, 'messy.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      csv,
      [
        'Image Index,Finding Labels,Patient ID',
        'images/00000001_000.png,Cardiomegaly,1',
        'images/00000001_000.png,Cardiomegaly,1',
        'images/99999999_000.png,No Finding,7',
        'images/00000002_000.png,Lung Cancer,2',
        'images/00000003_000.png,Hernia,3',
      ].join('\n'),
    );
    const r = await importDatasetIntoStore(store, {
      name: 'messy',
      format: 'csv',
      root: path.join(sharedDataDir, 'nih-cxr14-subset-64px'),
      size: 16,
      formatOptions: {
        mapping: {
          csv,
          image: 'Image Index',
          patient: 'Patient ID',
          labelList: { column: 'Finding Labels', separator: '|', vocabulary: ['Cardiomegaly', 'Hernia'], none: 'No Finding' },
        },
      },
    });
    expect(r).toMatchObject({
      imported: 2,
      quarantined: 3,
      quarantinedByCode: { DATASET_FORMAT: 1, DATASET_FILE_MISSING: 1, DATASET_LABEL: 1 },
    });
    const q = showDataset(store, 'messy').quarantine.files;
    expect(q.find((f) => f.code === 'DATASET_LABEL')?.message).toContain('"Lung Cancer"');
    expect(q.find((f) => f.code === 'DATASET_FORMAT')?.message).toContain('listed more than once');
  });
});

describe('byte-identical images under different patients', () => {
  it('are kept in one split, whatever the seed', async () => {
    const { copyFileSync, mkdirSync, writeFileSync } = await import('node:fs');
    const root = path.join(dataDir, 'copies');
    mkdirSync(root, { recursive: true });
    const nih = path.join(sharedDataDir, 'nih-cxr14-subset-64px/images');
    const sources = [
      '00000001_000.png',
      '00000002_000.png',
      '00000003_000.png',
      '00000004_000.png',
      '00000005_000.png',
      '00000005_001.png',
      '00000005_002.png',
      '00000005_003.png',
      '00000006_000.png',
      '00000007_000.png',
    ];
    const lines = ['file,patient,finding'];
    sources.forEach((f, i) => {
      copyFileSync(path.join(nih, f), path.join(root, `img${i}.png`));
      lines.push(`img${i}.png,patient-${i},${i % 2}`);
    });
    copyFileSync(path.join(nih, sources[0] as string), path.join(root, 'copy-of-img0.png'));
    lines.push('copy-of-img0.png,someone-else,0');
    writeFileSync(path.join(root, 'labels.csv'), `${lines.join('\n')}\n`);
    await importDatasetIntoStore(store, {
      name: 'copies',
      format: 'csv',
      root,
      size: 16,
      formatOptions: { mapping: { csv: 'labels.csv', image: 'file', patient: 'patient', labels: ['finding'] } },
    });
    for (let seed = 1; seed <= 8; seed++) {
      splitDataset(store, { name: 'copies', seed, fractions: { train: 0.5, val: 0.2, test: 0.3 } });
      const splits = store.sqlite
        .prepare(
          `SELECT DISTINCT split FROM dataset_images WHERE source_path IN ('img0.png', 'copy-of-img0.png')
        AND dataset_id = (SELECT id FROM datasets WHERE name = 'copies')`,
        )
        .all();
      expect(splits, `seed ${seed}`).toHaveLength(1);
      expect(showDataset(store, 'copies').duplicateContentAcrossSplits).toBe(0);
    }
    // A hand edit that separates them is reported.
    store.sqlite.prepare(`UPDATE dataset_images SET split = 'unused' WHERE source_path = 'copy-of-img0.png'`).run();
    expect(showDataset(store, 'copies').duplicateContentAcrossSplits).toBe(1);
  });
});

describe('CheXpert and MIMIC-CXR-JPG fixtures with every uncertainty policy', () => {
  const policies = [
    { uncertain: 'ones', blank: 'zero' },
    { uncertain: 'zeros', blank: 'zero' },
    { uncertain: 'ignore', blank: 'zero' },
    { uncertain: 'ones-lsr', seed: 1, blank: 'ignore' },
    { uncertain: 'fixed', value: 0.5, blank: 'ignore' },
  ] as const;

  it('CheXpert: imports, quarantines the missing file and the bad label, and builds targets per policy', async () => {
    const r = await importDatasetIntoStore(store, {
      name: 'chexpert',
      format: 'chexpert',
      root: path.join(repoRoot, 'test/fixtures/datasets/chexpert/CheXpert-v1.0-small'),
      size: 16,
    });
    expect(r).toMatchObject({ imported: 9, quarantined: 2, quarantinedByCode: { DATASET_FILE_MISSING: 1, DATASET_LABEL: 1 }, patients: 6 });
    const s = showDataset(store, 'chexpert');
    expect(s.quarantine.files.map((f) => f.code).sort()).toEqual(['DATASET_FILE_MISSING', 'DATASET_LABEL']);
    expect(s.splits.unassigned?.labels.Edema).toMatchObject({ positive: 1, uncertain: 1 });
    const id = (
      store.sqlite.prepare(`SELECT id FROM dataset_images WHERE source_path = 'train/patient00002/study2/view1_frontal.jpg'`).get() as {
        id: number;
      }
    ).id;
    const col = (t: ReturnType<typeof loadTrainingTargets>, label: string) => {
      const i = t.imageIds.indexOf(id) * t.labels + t.labelNames.indexOf(label);
      return [t.targets[i], t.mask[i]];
    };
    const results = policies.map((p) => loadTrainingTargets(store, 'chexpert', null, p));
    // Cardiomegaly is -1 (uncertain), 'No Finding' is blank, 'Lung Opacity' is 1 for this image.
    expect(results.map((t) => col(t, 'Cardiomegaly')[1])).toEqual([1, 1, 0, 1, 1]);
    expect(results.map((t) => col(t, 'Cardiomegaly')[0]).slice(0, 3)).toEqual([1, 0, 0]);
    expect(col(results[3]!, 'Cardiomegaly')[0]).toBeGreaterThanOrEqual(0.55);
    expect(col(results[3]!, 'Cardiomegaly')[0]).toBeLessThanOrEqual(0.85);
    expect(col(results[4]!, 'Cardiomegaly')[0]).toBe(0.5);
    expect(results.map((t) => col(t, 'No Finding')[1])).toEqual([1, 1, 1, 0, 0]);
    expect(results.every((t) => col(t, 'Lung Opacity')[0] === 1 && col(t, 'Lung Opacity')[1] === 1)).toBe(true);
  });

  it('MIMIC: imports 5 images of 3 patients with the official split kept, and builds targets per policy', async () => {
    const r = await importDatasetIntoStore(store, {
      name: 'mimic',
      format: 'mimic',
      root: path.join(repoRoot, 'test/fixtures/datasets/mimic'),
      size: 16,
    });
    expect(r).toMatchObject({ imported: 5, quarantined: 1, patients: 3 });
    const ss = store.sqlite
      .prepare(`SELECT source_split AS s, count(*) AS n FROM dataset_images WHERE dataset_id = ? GROUP BY s ORDER BY s`)
      .all(r.datasetId);
    expect(ss).toEqual([
      { s: 'test', n: 1 },
      { s: 'train', n: 3 },
      { s: 'validate', n: 1 },
    ]);
    const results = policies.map((p) => loadTrainingTargets(store, 'mimic', null, p));
    const t0 = results[0]!;
    const row = t0.imageIds.length - 1; // last image: study 50771383, Cardiomegaly uncertain
    const at = (t: typeof t0, label: string) => [
      t.targets[row * t.labels + t.labelNames.indexOf(label)],
      t.mask[row * t.labels + t.labelNames.indexOf(label)],
    ];
    expect(results.map((t) => at(t, 'Cardiomegaly'))).toEqual([
      [1, 1],
      [0, 1],
      [0, 0],
      [expect.any(Number), 1],
      [0.5, 1],
    ]);
    expect(results.map((t) => at(t, 'Atelectasis')[0])).toEqual([1, 1, 1, 1, 1]);
    expect(results.map((t) => at(t, 'Consolidation')[1])).toEqual([1, 1, 1, 0, 0]); // blank
  });
});

describe('the per-file decode cap', () => {
  it("is the pool's per-task time limit: a file past it is quarantined as DICOM_LIMIT and the import goes on", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hilum-cap-'));
    mkdirSync(path.join(root, 'NORMAL'));
    // An 832 kB JPEG 2000 lossless CR: its decode takes far longer than the 20 ms allowed here.
    copyFileSync(path.join(sharedDataDir, 'dicom', 'pydicom-data', 'RG3_J2KR.dcm'), path.join(root, 'NORMAL', 'slow.dcm'));
    copyFileSync(path.join(sharedDataDir, 'nih-cxr14-subset-64px', 'images', '00000001_000.png'), path.join(root, 'NORMAL', 'quick.png'));
    const pool = new WorkerHost({ size: 1 });
    try {
      const r = await importDatasetIntoStore(store, {
        name: 'capped',
        format: 'folders',
        root,
        size: 16,
        jobs: pool,
        fileTimeoutMs: 20,
        formatOptions: { folders: { patientPattern: '^(.*)$' } },
      });
      expect(r.quarantinedByCode.DICOM_LIMIT).toBe(1);
      expect(r.imported + r.quarantined).toBe(2);
      const summary = showDataset(store, 'capped');
      expect(summary.quarantine.files.find((f) => f.sourcePath === 'NORMAL/slow.dcm')?.message).toContain('time limit');
      // The worker that ran past the cap was replaced; the pool still answers.
      await expect(pool.run('diagnostics.echo', { message: 'alive' })).resolves.toMatchObject({ message: 'alive' });
    } finally {
      await pool.close();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
