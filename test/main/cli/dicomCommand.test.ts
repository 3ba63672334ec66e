/** `hilum dicom inspect` / `hilum dicom render` driven in-process through the real commander program. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { buildProgram } from '../../../src-main/cli/main';
import { register } from '../../../src-main/cli/commands/dicom';
import { exitCodeFor } from '../../../src-main/cli/exitCodes';
import { printError } from '../../../src-main/cli/output';
import { sharedDataDir } from '../../helpers/paths';
import { spawnHilum } from '../../helpers/spawnHilum';

const dicomDir = path.join(sharedDataDir, 'dicom');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-dicom-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const HUGE_DICOM = `
import sys
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
meta = FileMetaDataset()
meta.TransferSyntaxUID = ExplicitVRLittleEndian
meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.1.1'
meta.MediaStorageSOPInstanceUID = generate_uid()
ds = Dataset()
ds.file_meta = meta
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.SOPClassUID, ds.SOPInstanceUID, ds.Modality = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID, 'DX'
ds.Rows = ds.Columns = 60000
ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, 'MONOCHROME2'
ds.BitsAllocated = ds.BitsStored = 16
ds.HighBit, ds.PixelRepresentation = 15, 0
ds.PixelData = bytes(32)
ds.save_as(sys.argv[1], write_like_original=False)
`;

/** Mirrors main(): parse, and on a thrown error print it and map it to an exit code. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = buildProgram();
  if (!program.commands.some((c) => c.name() === 'dicom')) register(program);
  for (const c of program.commands) c.exitOverride();
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync(['node', 'hilum', ...args]);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const s = printError(error, { json: args.includes('--json') });
    code = error instanceof HilumError ? exitCodeFor(s.code) : 1;
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
  return { code, stdout, stderr };
}

describe('hilum dicom inspect', () => {
  it('reports header fields and decodability as one JSON document, without PHI', async () => {
    const r = await run(['dicom', 'inspect', path.join(dicomDir, 'pydicom-data/RG1_J2KI.dcm'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      transferSyntaxUid: '1.2.840.10008.1.2.4.91',
      photometricInterpretation: 'MONOCHROME1',
      modality: 'CR',
      rows: 1955,
      columns: 1841,
      bitsStored: 15,
      viewPosition: 'PA',
      decodable: true,
      error: null,
    });
    expect(doc).toHaveProperty('burnedInAnnotation');
    expect(doc.metadata).not.toHaveProperty('patientId');
    expect(doc.metadata).not.toHaveProperty('patientName');
    expect(r.stdout).not.toMatch(/patientName|birthDate/);
  });

  it('includes PHI only with --show-phi', async () => {
    const r = await run(['dicom', 'inspect', path.join(dicomDir, 'pydicom-data/RG1_J2KI.dcm'), '--json', '--show-phi']);
    expect(JSON.parse(r.stdout).metadata).toHaveProperty('patientId');
  });

  it('says a file without pixel data is not decodable, with the typed error', async () => {
    const r = await run(['dicom', 'inspect', path.join(dicomDir, 'orthanc-tests/Issue56-NoPixelData.dcm'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.decodable).toBe(false);
    expect(doc.error.code).toBe('DICOM_NO_PIXEL_DATA');
    expect(doc.rows).toBe(4218);
  });

  it('exits 1 when not even the header can be read', async () => {
    const r = await run(['dicom', 'inspect', path.join(dicomDir, 'pydicom/meta_missing_tsyntax.dcm'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('DICOM_BAD_GEOMETRY');
  });
});

describe('hilum dicom render', () => {
  it('writes an 8-bit greyscale PNG of the requested size, bone bright', async () => {
    const out = path.join(tmp, 'chest.png');
    const r = await run(['dicom', 'render', path.join(dicomDir, 'fo-dicom/CR-MONO1-10-chest'), '--out', out, '--size', '256', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ width: 256, height: 256 });
    const png = PNG.sync.read(fs.readFileSync(out));
    expect([png.width, png.height]).toEqual([256, 256]);
    // pngjs expands to RGBA on read; grey means R = G = B.
    const at = (x: number, y: number): number => png.data[4 * (y * 256 + x)]!;
    expect(png.data[1]).toBe(png.data[0]);
    expect(at(128, 100)).toBeGreaterThan(at(60, 100)); // spine brighter than lung
  });

  it('exits 1 with a typed JSON error on stderr for a file without pixel data', async () => {
    const r = await run([
      'dicom',
      'render',
      path.join(dicomDir, 'orthanc-tests/Issue56-NoPixelData.dcm'),
      '--out',
      path.join(tmp, 'x.png'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const doc = JSON.parse(r.stderr);
    expect(doc.error.code).toBe('DICOM_NO_PIXEL_DATA');
    expect(doc.error.details.file).toContain('Issue56-NoPixelData.dcm');
  });

  it.skipIf(!fs.existsSync('/usr/bin/python3'))(
    'exits 1 with DICOM_LIMIT for a header that declares more pixels than the limit',
    async () => {
      // Made here by pydicom (Debian's /usr/bin/python3): a 60000 × 60000 DX header with 32 bytes of pixel data.
      const file = path.join(tmp, 'huge.dcm');
      execFileSync('/usr/bin/python3', ['-c', HUGE_DICOM, file]);
      const r = await run(['dicom', 'render', file, '--out', path.join(tmp, 'huge.png'), '--json']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const doc = JSON.parse(r.stderr);
      expect(doc.error.code).toBe('DICOM_LIMIT');
      expect(doc.error.details).toMatchObject({ limit: 'maxPixels' });
      expect(fs.existsSync(path.join(tmp, 'huge.png'))).toBe(false);
      // The same through the real bin entry, as a user's shell sees the exit code.
      const bin = await spawnHilum(['dicom', 'render', file, '--out', path.join(tmp, 'huge.png'), '--json']);
      expect(bin.code).toBe(1);
      expect(JSON.parse(bin.stderr).error.code).toBe('DICOM_LIMIT');
    },
    120_000,
  );

  it('masks detected burned-in markers on request (the "R" side marker of RG3)', async () => {
    const out = path.join(tmp, 'rg3.png');
    const r = await run([
      'dicom',
      'render',
      path.join(dicomDir, 'pydicom-data/RG3_J2KR.dcm'),
      '--out',
      out,
      '--size',
      '256',
      '--mask-burned-in',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.burnedIn.regions.length).toBe(1);
    expect(doc.steps.at(-1)).toBe('mask-burned-in: 1 region(s) filled with ring median');
  });

  it('rejects a bad --size as a usage error', async () => {
    const r = await run([
      'dicom',
      'render',
      path.join(dicomDir, 'fo-dicom/CR-MONO1-10-chest'),
      '--out',
      path.join(tmp, 'y.png'),
      '--size',
      'abc',
      '--json',
    ]);
    expect(r.code).toBe(2);
  });
});
