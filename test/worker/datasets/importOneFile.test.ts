// Per-file import: decode, cache by content, and typed quarantine results instead of throws.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDatasetSource } from '../../../src-worker/datasets/readDatasetSource';
import { importOneFile } from '../../../src-worker/datasets/importOneFile';
import { cacheKeyOf, readCachedImage } from '../../../src-worker/datasets/pixelCache';
import { repoRoot, sharedDataDir } from '../../helpers/paths';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-import-one-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const nihRoot = path.join(sharedDataDir, 'nih-cxr14-subset-64px');

describe('importOneFile', () => {
  it('decodes, caches, and reuses the cache for identical bytes under another name', async () => {
    const cacheDir = path.join(tmp, 'cache-a');
    const first = await importOneFile({ root: nihRoot, sourcePath: 'images/00000001_000.png', cacheDir, size: 32, aspect: 'pad' });
    if (!first.ok) throw new Error(first.message);
    expect(first).toMatchObject({ cacheHit: false, kind: 'png', width: 32, height: 32, sourceWidth: 64, sourceHeight: 64, dicom: null });
    expect(first.cacheKey).toBe(cacheKeyOf(first.contentHash, 32, 'pad'));
    const cached = readCachedImage(cacheDir, first.cacheKey);
    expect(cached?.pixels).toHaveLength(32 * 32);
    expect(cached?.header.steps[0]).toMatch(/^png:8-bit/);
    // Same bytes elsewhere: same content hash, cache hit.
    const copyRoot = path.join(tmp, 'copy');
    mkdirSync(copyRoot, { recursive: true });
    copyFileSync(path.join(nihRoot, 'images/00000001_000.png'), path.join(copyRoot, 'renamed.png'));
    const again = await importOneFile({ root: copyRoot, sourcePath: 'renamed.png', cacheDir, size: 32, aspect: 'pad' });
    expect(again).toMatchObject({ ok: true, cacheHit: true, contentHash: first.contentHash });
    // A different size is a different cache entry.
    const other = await importOneFile({ root: nihRoot, sourcePath: 'images/00000001_000.png', cacheDir, size: 16, aspect: 'pad' });
    expect(other).toMatchObject({ ok: true, cacheHit: false, width: 16 });
  });

  it('returns typed failures for missing, undecodable and truncated files', async () => {
    const root = path.join(tmp, 'bad');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'notes.png'), 'not an image');
    writeFileSync(path.join(root, 'empty.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    const cacheDir = path.join(tmp, 'cache-b');
    const run = (sourcePath: string) => importOneFile({ root, sourcePath, cacheDir, size: 16, aspect: 'pad' });
    expect(await run('absent.png')).toMatchObject({
      ok: false,
      code: 'DATASET_FILE_MISSING',
      message: expect.stringContaining('absent.png'),
    });
    // Not PNG/JPEG magic: treated as DICOM, which refuses it with a DICOM_* code.
    expect(await run('notes.png')).toMatchObject({ ok: false, code: expect.stringMatching(/^DICOM_/) });
    expect(await run('empty.jpg')).toMatchObject({ ok: false, code: 'IMAGE_DECODE', message: expect.stringContaining('empty.jpg') });
    expect(existsSync(cacheDir)).toBe(false); // nothing was cached for a failed file
  });

  it('imports a real DICOM (CR chest, MONOCHROME1, JPEG 2000) and returns its header fields', async () => {
    const cacheDir = path.join(tmp, 'cache-c');
    const root = path.join(sharedDataDir, 'dicom');
    const r = await importOneFile({ root, sourcePath: 'pydicom-data/RG1_J2KI.dcm', cacheDir, size: 64, aspect: 'pad' });
    if (!r.ok) throw new Error(r.message);
    expect(r).toMatchObject({ kind: 'dicom', width: 64, height: 64, sourceWidth: 1841, sourceHeight: 1955 });
    expect(r.dicom).toMatchObject({
      modality: 'CR',
      viewPosition: 'PA',
      photometricInterpretation: 'MONOCHROME1',
      transferSyntaxUid: '1.2.840.10008.1.2.4.91',
    });
    const hit = await importOneFile({ root, sourcePath: 'pydicom-data/RG1_J2KI.dcm', cacheDir, size: 64, aspect: 'pad' });
    expect(hit).toMatchObject({ ok: true, cacheHit: true, dicom: { patientId: r.dicom?.patientId, viewPosition: 'PA' } });
  });
});

describe('readDatasetSource (the datasets.readSource job)', () => {
  it('lists every CheXpert fixture row as a record or a quarantine entry, in order; a limit stops early', async () => {
    const root = path.join(repoRoot, 'test/fixtures/datasets/chexpert/CheXpert-v1.0-small');
    const source = await readDatasetSource({ format: 'chexpert', root, formatOptions: {} });
    expect(source.labelFiles).toEqual(['train.csv', 'valid.csv']);
    expect(source.limited).toBe(false);
    const records = source.events.flatMap((e) => (e.kind === 'record' ? [e.record] : []));
    expect(records[0]!.sourcePath).toBe('train/patient00001/study1/view1_frontal.jpg');
    const files = await Promise.all(
      records.map((r) => importOneFile({ root, sourcePath: r.sourcePath, cacheDir: path.join(tmp, 'cache-d'), size: 16, aspect: 'pad' })),
    );
    const quarantined = [
      ...source.events.flatMap((e) => (e.kind === 'quarantine' ? [e.entry.code] : [])),
      ...files.flatMap((f) => (f.ok ? [] : [f.code])),
    ];
    expect(files.filter((f) => f.ok)).toHaveLength(9);
    expect(quarantined.sort()).toEqual(['DATASET_FILE_MISSING', 'DATASET_LABEL']);
    const limited = await readDatasetSource({ format: 'chexpert', root, formatOptions: {}, limit: 2 });
    expect(limited.events.filter((e) => e.kind === 'record')).toHaveLength(2);
    expect(limited.limited).toBe(true);
  });

  it('validates a raw csv mapping and names the field it rejects', async () => {
    await expect(readDatasetSource({ format: 'csv', root: tmp, formatOptions: { mapping: { csv: 'labels.csv' } } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('"image" or "imageTemplate" is required'),
    });
  });
});
