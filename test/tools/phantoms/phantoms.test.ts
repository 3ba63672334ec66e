// Synthetic phantoms: the DICOM writer checked by DCMTK and pydicom, the seeded generator, an import
// round trip, and a learnability check with scikit-learn (findings learnable, not trivially so).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src-core/random/createRng';
import { writeDicomPart10 } from '../../../tools/dicom-write/writeDicomPart10';
import { readDatasetSource } from '../../../src-worker/datasets/readDatasetSource';
import { importOneFile } from '../../../src-worker/datasets/importOneFile';
import { readCachedImage } from '../../../src-worker/datasets/pixelCache';
import { defaultPhantomSites } from '../../../tools/phantoms/defaultPhantomSites';
import { encodePhantomPixels } from '../../../tools/phantoms/encodePhantomPixels';
import { generatePhantomDataset } from '../../../tools/phantoms/generatePhantomDataset';
import { renderPhantom } from '../../../tools/phantoms/renderPhantom';
import { samplePhantomSubject } from '../../../tools/phantoms/samplePhantomSubject';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-phantoms-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeDicomPart10', () => {
  it('writes Explicit VR Little Endian that DCMTK reads without warnings and pydicom decodes to the same pixels', () => {
    const pixels = new Uint16Array(6 * 4).map((_, i) => i * 150);
    const file = path.join(tmp, 'tiny.dcm');
    writeFileSync(
      file,
      writeDicomPart10(
        [
          { tag: 0x00100010, vr: 'PN', value: 'TEST^ODD' },
          { tag: 0x00080060, vr: 'CS', value: 'CR' },
          { tag: 0x00280002, vr: 'US', value: 1 },
          { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
          { tag: 0x00280010, vr: 'US', value: 4 },
          { tag: 0x00280011, vr: 'US', value: 6 },
          { tag: 0x00280100, vr: 'US', value: 16 },
          { tag: 0x00280101, vr: 'US', value: 12 },
          { tag: 0x00280102, vr: 'US', value: 11 },
          { tag: 0x00280103, vr: 'US', value: 0 },
          { tag: 0x7fe00010, vr: 'OW', value: pixels },
          { tag: 0x00080018, vr: 'UI', value: '1.2.3.45' },
          { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1' },
        ],
        '1.2.840.10008.5.1.4.1.1.1',
        '1.2.3.45',
      ),
    );
    const dump = spawnSync('dcmdump', ['+L', file], { encoding: 'utf8' });
    expect(dump.status).toBe(0);
    expect(dump.stderr).toBe('');
    expect(dump.stdout).toMatch(/\(0002,0010\) UI =LittleEndianExplicit/);
    expect(dump.stdout).toMatch(/\(0010,0010\) PN \[TEST\^ODD\]/);
    const py = execFileSync(
      '/usr/bin/python3',
      ['-c', `import pydicom,sys; d=pydicom.dcmread(sys.argv[1]); print(d.Rows, d.Columns, d.pixel_array.ravel().tolist())`, file],
      { encoding: 'utf8' },
    );
    expect(py.trim()).toBe(`4 6 [${[...pixels].join(', ')}]`);
  });
});

describe('generatePhantomDataset', () => {
  const dir = path.join(tmp, 'set');
  let result: Awaited<ReturnType<typeof generatePhantomDataset>>;

  it('writes seeded DICOMs over several sites and transfer syntaxes, with a labels CSV', async () => {
    result = await generatePhantomDataset({ dir, count: 24, seed: 3, size: 96 });
    expect(result.files).toHaveLength(24);
    const rows = readFileSync(result.labelsCsv, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(25);
    expect(rows[0]).toBe('file,patient_id,sex,age,view,site,Cardiomegaly,Effusion,Nodule,Mass,Pneumothorax,Consolidation,transfer_syntax');
    expect(rows.some((r) => r.includes('PENDING'))).toBe(false);
    // DCMTK is installed here (and by .ci/run) for JPEG lossless; the wasm encoders need nothing: every requested syntax must have been produced.
    expect(result.notes).toEqual([]);
    expect(Object.keys(result.transferSyntaxes).sort()).toEqual(['explicit-le', 'jpeg-lossless', 'jpeg2000', 'rle']);
    const again = await generatePhantomDataset({ dir: path.join(tmp, 'set-again'), count: 24, seed: 3, size: 96, transcode: false });
    const cols = (csv: string) =>
      csv
        .trim()
        .split('\n')
        .map((r) => r.split(',').slice(0, 12).join(','));
    expect(cols(readFileSync(again.labelsCsv, 'utf8'))).toEqual(cols(readFileSync(result.labelsCsv, 'utf8')));
    // Same seed, same bytes (for files both runs left in Explicit VR Little Endian).
    const plain = result.files.find((f) => f.startsWith('north/')) as string;
    expect(readFileSync(path.join(again.dir, plain)).equals(readFileSync(path.join(dir, plain)))).toBe(true);
    const dump = execFileSync('dcmdump', [path.join(dir, result.files[0] as string)], { encoding: 'utf8' });
    expect(dump).toContain('HILUM SYNTHETIC PHANTOM');
    expect(dump).toMatch(/\(0028,0301\) CS \[YES\]/);
  });

  it('imports through the generated mapping: every file decoded, labels, sites and scanners captured', async () => {
    const source = await readDatasetSource({ format: 'csv', root: dir, formatOptions: { mappingFile: result.mappingFile } });
    expect(source.labelNames).toEqual(['Cardiomegaly', 'Effusion', 'Nodule', 'Mass', 'Pneumothorax', 'Consolidation']);
    const images = [];
    for (const e of source.events) {
      if (e.kind === 'quarantine') throw new Error(`${e.entry.sourcePath}: ${e.entry.code} ${e.entry.message}`);
      const file = await importOneFile({
        root: dir,
        sourcePath: e.record.sourcePath,
        cacheDir: path.join(tmp, 'cache'),
        size: 64,
        aspect: 'pad',
      });
      if (!file.ok) throw new Error(`${file.sourcePath}: ${file.code} ${file.message}`);
      images.push({ record: e.record, file });
    }
    expect(images).toHaveLength(24);
    const photometric = new Set(images.map((e) => e.file.dicom?.photometricInterpretation));
    expect(photometric).toEqual(new Set(['MONOCHROME1', 'MONOCHROME2']));
    const syntaxes = new Set(images.map((e) => e.file.dicom?.transferSyntaxUid));
    expect(syntaxes.size).toBe(4);
    for (const e of images) {
      expect(e.file.dicom?.viewPosition).toBe(e.record.view);
      expect(e.file.dicom?.manufacturer).toBe(defaultPhantomSites.find((s) => s.id === e.record.site)?.manufacturer);
    }
  });
});

describe('phantom sites', () => {
  it('MONOCHROME1 and MONOCHROME2 storage of the same phantom decode to the same bone-bright image', async () => {
    const base = {
      ...defaultPhantomSites[0],
      noise: 0,
      blur: 0,
      gamma: 1,
      bitsStored: 12,
      transferSyntax: 'explicit-le',
    } as (typeof defaultPhantomSites)[number];
    const sites = [
      { ...base, id: 'mono2', photometric: 'MONOCHROME2' },
      { ...base, id: 'mono1', photometric: 'MONOCHROME1' },
    ] as (typeof defaultPhantomSites)[number][];
    const decoded = [];
    for (const site of sites) {
      const dir = path.join(tmp, site.id);
      // One site per dataset and the same seed: the same subject is drawn in both.
      const made = await generatePhantomDataset({ dir, count: 1, seed: 21, size: 64, sites: [site] });
      const r = await importOneFile({
        root: dir,
        sourcePath: made.files[0] as string,
        cacheDir: path.join(tmp, 'cache-mono'),
        size: 64,
        aspect: 'pad',
      });
      if (!r.ok) throw new Error(r.message);
      expect(r.dicom?.photometricInterpretation).toBe(site.photometric);
      decoded.push(readCachedImage(path.join(tmp, 'cache-mono'), r.cacheKey)?.pixels as Float32Array);
    }
    const [a, b] = decoded as [Float32Array, Float32Array];
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
    expect(max).toBeLessThan(2 / 4095);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean).toBeGreaterThan(0.15); // not blank, not inverted to mostly white
    expect(mean).toBeLessThan(0.6);
  });
});

describe('phantom findings are learnable but not trivial', () => {
  it('a linear model on 48 px pixels (scikit-learn, 5-fold) separates global findings well but imperfectly', () => {
    const n = 300;
    const size = 48;
    const random = createRng(11).nextFloat;
    const x = new Float32Array(n * size * size);
    const y: number[][] = [];
    for (let i = 0; i < n; i++) {
      const site = defaultPhantomSites[i % defaultPhantomSites.length] as (typeof defaultPhantomSites)[number];
      const s = samplePhantomSubject(random, `p${i}`, { sex: random() < 0.5 ? 'F' : 'M', ageYears: 20 + 60 * random() }, site.apFraction);
      const e = encodePhantomPixels(renderPhantom(s, size, random), size, site, s.view, random);
      for (let k = 0; k < size * size; k++) {
        const q = (e.stored[k] as number) / e.maxValue;
        x[i * size * size + k] = site.photometric === 'MONOCHROME1' ? 1 - q : q;
      }
      y.push([+s.findings.cardiomegaly, +(s.findings.effusion !== null), +(s.findings.consolidation !== null)]);
    }
    writeFileSync(path.join(tmp, 'x.f32'), Buffer.from(x.buffer));
    writeFileSync(path.join(tmp, 'y.json'), JSON.stringify(y));
    const script = `
import json, sys, numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.metrics import roc_auc_score
y = np.array(json.load(open(sys.argv[2])))
x = np.fromfile(sys.argv[1], dtype=np.float32).reshape(len(y), -1)
print(json.dumps([roc_auc_score(y[:, j], cross_val_predict(LogisticRegression(C=0.05, max_iter=2000), x, y[:, j], cv=5, method='predict_proba')[:, 1]) for j in range(y.shape[1])]))`;
    const aurocs = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', script, path.join(tmp, 'x.f32'), path.join(tmp, 'y.json')], { encoding: 'utf8' }),
    ) as number[];
    for (const a of aurocs) {
      expect(a).toBeGreaterThan(0.7);
      expect(a).toBeLessThan(0.99);
    }
  });
});
