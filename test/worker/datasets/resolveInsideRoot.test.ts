// Label-file rows naming files outside the dataset root are quarantined with a typed reason and never read.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importOneFile } from '../../../src-worker/datasets/importOneFile';
import { readDatasetSource } from '../../../src-worker/datasets/readDatasetSource';
import { resolveInsideRoot } from '../../../src-worker/datasets/resolveInsideRoot';
import { sharedDataDir } from '../../helpers/paths';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-inside-root-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('resolveInsideRoot', () => {
  it('accepts paths under the root and refuses absolute paths and climbs out of it', () => {
    expect(resolveInsideRoot('/data/set', 'img/a.png')).toBe(path.resolve('/data/set/img/a.png'));
    expect(resolveInsideRoot('/data/set', 'img/../b.png')).toBe(path.resolve('/data/set/b.png'));
    expect(resolveInsideRoot('/data/set', 'img\\c.png')).toBe(path.resolve('/data/set/img/c.png'));
    for (const bad of [
      '../x.png',
      'img/../../x.png',
      '/etc/passwd',
      'C:\\x.png',
      'c:x.png',
      '\\\\server\\share\\x.png',
      '..\\x.png',
      '.',
      '',
    ]) {
      expect(() => resolveInsideRoot('/data/set', bad), bad).toThrow(expect.objectContaining({ code: 'DATASET_PATH_OUTSIDE_ROOT' }));
    }
    // A sibling folder whose name merely starts with the root's name is outside too.
    expect(() => resolveInsideRoot('/data/set', '../set2/x.png')).toThrow(expect.objectContaining({ code: 'DATASET_PATH_OUTSIDE_ROOT' }));
  });
});

describe('label-file rows outside the root', () => {
  it('are quarantined by the reader with DATASET_PATH_OUTSIDE_ROOT, and importOneFile never opens them', async () => {
    const root = path.join(tmp, 'set');
    mkdirSync(path.join(root, 'img'), { recursive: true });
    const png = path.join(sharedDataDir, 'nih-cxr14-subset-64px/images/00000001_000.png');
    copyFileSync(png, path.join(root, 'img', 'a.png'));
    copyFileSync(png, path.join(tmp, 'outside.png'));
    writeFileSync(
      path.join(root, 'labels.csv'),
      ['file,Effusion', 'img/a.png,1', '../outside.png,0', `${path.join(tmp, 'outside.png')},1`, 'img/../../outside.png,0', ''].join('\n'),
    );
    const result = await readDatasetSource({
      format: 'csv',
      root,
      formatOptions: { mapping: { csv: 'labels.csv', image: 'file', labels: ['Effusion'] } },
    });
    const records = result.events.filter((e) => e.kind === 'record');
    const quarantined = result.events.flatMap((e) => (e.kind === 'quarantine' ? [e.entry] : []));
    expect(records.map((e) => e.kind === 'record' && e.record.sourcePath)).toEqual(['img/a.png']);
    expect(quarantined.map((q) => q.code)).toEqual(['DATASET_PATH_OUTSIDE_ROOT', 'DATASET_PATH_OUTSIDE_ROOT', 'DATASET_PATH_OUTSIDE_ROOT']);

    // Even if such a path reached the per-file job, it is refused before reading: the file exists and decodes, yet nothing is cached.
    const cacheDir = path.join(tmp, 'cache');
    const file = await importOneFile({ root, sourcePath: '../outside.png', cacheDir, size: 16, aspect: 'pad' });
    expect(file).toMatchObject({ ok: false, code: 'DATASET_PATH_OUTSIDE_ROOT' });
    expect(readdirSync(tmp)).not.toContain('cache');
    expect(await importOneFile({ root, sourcePath: 'img/a.png', cacheDir, size: 16, aspect: 'pad' })).toMatchObject({ ok: true });
  });
});
