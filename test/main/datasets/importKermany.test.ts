// The full Kermany training set (5,216 JPEGs) through the folder reader, the import pool and the store.
// Kept in its own file so that it runs beside the other dataset tests rather than after them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { showDataset } from '../../../src-main/datasets/showDataset';
import { splitDataset } from '../../../src-main/datasets/splitDataset';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { sharedDataDir } from '../../helpers/paths';

let dataDir: string;
let store: Store;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hilum-kermany-'));
  store = openStore({ dataDir });
});
afterAll(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Kermany folders', () => {
  it('imports all 5,216 images in 2 classes at 32 px', async () => {
    const r = await importDatasetIntoStore(store, {
      name: 'kermany',
      format: 'folders',
      root: path.join(sharedDataDir, 'kermany-pediatric-224px/train'),
      size: 32,
      threads: 2,
      siteName: "Guangzhou Women and Children's Medical Center",
    });
    expect(r).toMatchObject({ imported: 5216, quarantined: 0, imagesWithoutPatient: 0, labelNames: ['PNEUMONIA'] });
    expect(showDataset(store, 'kermany').metadataCoverage).toMatchObject({ site: 1, sex: 0, ageYears: 0, view: 0 });
    expect(r.duplicateContent).toBeGreaterThan(0); // the published set contains byte-identical copies
    const s = showDataset(store, 'kermany');
    expect(s.splits.unassigned?.labels.PNEUMONIA).toMatchObject({ positive: 3875, negative: 1341, uncertain: 0, blank: 0 });
    const split = splitDataset(store, { name: 'kermany', seed: 3 });
    expect(split.leakage.ok).toBe(true);
    expect(split.leakage.patientsChecked).toBe(r.patients);
  }, 180_000);
});
