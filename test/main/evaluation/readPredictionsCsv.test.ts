// A baseline's predictions CSV, matched to the evaluated images by Hilum id, relative path or unique file
// name; a missing, duplicated or non-numeric entry is an error naming it, never a silent drop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SplitRecords } from '../../../src-main/datasets/loadSplitRecords';
import { readPredictionsCsv } from '../../../src-main/evaluation/readPredictionsCsv';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-preds-'));
const records = {
  labelNames: ['PNEUMONIA', 'Other'],
  imageIds: [11, 12, 13],
  sourcePaths: ['NORMAL/a.jpeg', 'PNEUMONIA/b.jpeg', 'PNEUMONIA/c.jpeg'],
  sourceFiles: ['/d/NORMAL/a.jpeg', '/d/PNEUMONIA/b.jpeg', '/d/PNEUMONIA/c.jpeg'],
} as unknown as SplitRecords;
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('readPredictionsCsv', () => {
  it('matches rows by id, relative path or unique file name, in the evaluated order, label columns only', () => {
    const r = readPredictionsCsv(write('ok.csv', 'image,PNEUMONIA,unrelated\nc.jpeg,0.9,x\n11,0.1,y\nPNEUMONIA/b.jpeg,0.7,z\n'), records);
    expect([...r.scores.keys()]).toEqual(['PNEUMONIA']);
    expect(Array.from(r.scores.get('PNEUMONIA')!)).toEqual([0.1, 0.7, 0.9]);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('refuses a missing image, a duplicate, a non-number and a file without label columns', () => {
    expect(() => readPredictionsCsv(write('missing.csv', 'image_id,PNEUMONIA\n11,0.1\n12,0.2\n'), records)).toThrow(
      /no row for image PNEUMONIA\/c.jpeg/,
    );
    expect(() => readPredictionsCsv(write('dup.csv', 'image_id,PNEUMONIA\n11,0.1\n11,0.2\n'), records)).toThrow(/image "11" appears twice/);
    expect(() => readPredictionsCsv(write('nan.csv', 'path,PNEUMONIA\n11,0.1\n12,high\n13,0.3\n'), records)).toThrow(
      /"high" in column PNEUMONIA, row 3 is not a number/,
    );
    expect(() => readPredictionsCsv(write('nolabel.csv', 'image,score\n11,0.1\n'), records)).toThrow(/no column named after a label/);
  });
});
