// sniffImageKind on real files: every shared DICOM (one of them has no preamble and no "DICM"), a Kermany JPEG and an
// NIH PNG are images; the DICOM folder's INDEX.tsv, a .DS_Store header, text and an empty file are not.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniffImageKind } from '../../../src-core/files/sniffImageKind';
import { sharedDataDir } from '../../helpers/paths';

const head = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(file).subarray(0, SNIFF_BYTES));
const dicomDir = path.join(sharedDataDir, 'dicom');

describe('sniffImageKind', () => {
  it.skipIf(!fs.existsSync(dicomDir))('calls every shared DICOM file dicom, with or without the preamble', () => {
    const files = (fs.readdirSync(dicomDir, { recursive: true }) as string[])
      .map((f) => path.join(dicomDir, f))
      .filter((f) => fs.statSync(f).isFile() && !f.endsWith('.tsv') && !f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect([f, sniffImageKind(head(f))]).toEqual([f, 'dicom']);
    const bare = head(path.join(dicomDir, 'fo-dicom/CR-MONO1-10-chest'));
    expect(String.fromCharCode(...bare.subarray(128, 132))).not.toBe('DICM');
    expect(sniffImageKind(head(path.join(dicomDir, 'INDEX.tsv')))).toBeNull();
  });

  it('tells PNG and JPEG by signature and refuses text, .DS_Store and empty files', () => {
    expect(sniffImageKind(head(path.join(sharedDataDir, 'kermany-pediatric-224px/train/NORMAL/IM-0115-0001.jpeg')))).toBe('jpeg');
    expect(sniffImageKind(head(path.join(sharedDataDir, 'nih-cxr14-subset-64px/images/00000001_000.png')))).toBe('png');
    expect(sniffImageKind(new Uint8Array(0))).toBeNull();
    expect(sniffImageKind(new TextEncoder().encode('# README\nThese are chest radiographs.\n'))).toBeNull();
    expect(sniffImageKind(Uint8Array.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31, 0, 0, 0x10, 0]))).toBeNull();
    expect(sniffImageKind(Uint8Array.from([0xff, 0xd8]))).toBeNull();
  });
});
