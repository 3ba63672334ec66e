/**
 * Transfer-syntax variants made AT TEST TIME (into os.tmpdir()) from shared real files with DCMTK,
 * GDCM and openjph's encoder; each must decode to the same pixels as the uncompressed original
 * (exactly for lossless, r ≥ 0.99 for lossy), or fail with the documented typed error.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { loadDicomImage, type LoadDicomOptions } from '../../../src-worker/dicom/loadDicomImage';
import { readDicom } from '../../../src-worker/dicom/readDicom';
import { readImageMetadata } from '../../../src-worker/dicom/readImageMetadata';
import { decodeRawSamples } from '../../../src-worker/dicom/decodeRawSamples';
import { extractFrameBytes } from '../../../src-worker/dicom/extractFrameBytes';
import { decodeJpegSequential } from '../../../src-worker/dicom/codecs/decodeJpegSequential';
import { repoRoot, sharedDataDir } from '../../helpers/paths';
import { hasTool, pearson } from './helpers/dcmtkReference';
import { encodeHtj2k } from './helpers/encodeHtj2k';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-ts-variants-'));
const crSource = path.join(sharedDataDir, 'dicom/fo-dicom/CR-MONO1-10-chest');
const ctSource = path.join(sharedDataDir, 'dicom/fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm');
const usSource = path.join(sharedDataDir, 'dicom/orthanc-tests/1.2.840.10008.1.2.2.dcm'); // RGB, big endian
const out = (name: string): string => path.join(tmp, name);
const run = (tool: string, args: string[]): void => {
  execFileSync(tool, args, { stdio: 'pipe' });
};

async function load(file: string, options: LoadDicomOptions = {}): Promise<Float32Array> {
  return (await loadDicomImage(fs.readFileSync(file), file, options)).pixels;
}

function expectIdentical(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  expect(diff).toBe(0);
}

interface Variant {
  name: string;
  tools: string[];
  make: () => void | Promise<void>;
  expectSyntax: string;
  check: 'exact' | 'lossy' | { error: string } | 'exact-vs-dcmdjpeg';
  source: 'cr' | 'ct' | 'us';
}

const variants: Variant[] = [
  {
    name: 'cr-explicit-le',
    tools: ['dcmconv'],
    make: () => run('dcmconv', ['-f', '+te', crSource, out('cr-explicit-le.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.1',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-big-endian',
    tools: ['dcmconv'],
    make: () => run('dcmconv', ['+tb', out('cr-base.dcm'), out('cr-big-endian.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.2',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-deflated',
    tools: ['dcmconv'],
    make: () => run('dcmconv', ['+td', out('cr-base.dcm'), out('cr-deflated.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.1.99',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-rle-dcmtk',
    tools: ['dcmcrle'],
    make: () => run('dcmcrle', [out('cr-base.dcm'), out('cr-rle-dcmtk.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.5',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-rle-gdcm',
    tools: ['gdcmconv'],
    make: () => run('gdcmconv', ['--rle', out('cr-base.dcm'), out('cr-rle-gdcm.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.5',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-jpeg-lossless-14',
    tools: ['dcmcjpeg'],
    make: () => run('dcmcjpeg', ['+el', out('cr-base.dcm'), out('cr-jpeg-lossless-14.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.57',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-jpeg-lossless-sv1',
    tools: ['dcmcjpeg'],
    make: () => run('dcmcjpeg', ['+e1', out('cr-base.dcm'), out('cr-jpeg-lossless-sv1.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.70',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-jpeg-lossless-pt2',
    tools: ['dcmcjpeg', 'dcmdjpeg'],
    make: () => run('dcmcjpeg', ['+e1', '+pt', '2', out('cr-base.dcm'), out('cr-jpeg-lossless-pt2.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.70',
    check: 'exact-vs-dcmdjpeg',
    source: 'cr',
  },
  {
    name: 'cr-jpeg-progressive',
    tools: ['dcmcjpeg'],
    make: () => run('dcmcjpeg', ['+ep', out('cr-base.dcm'), out('cr-jpeg-progressive.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.55',
    check: { error: 'DICOM_UNSUPPORTED_SYNTAX' },
    source: 'cr',
  },
  {
    name: 'cr-jpeg-baseline',
    tools: ['dcmcjpeg'],
    make: () => run('dcmcjpeg', ['+eb', out('cr-base.dcm'), out('cr-jpeg-baseline.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.50',
    check: 'lossy',
    source: 'cr',
  },
  {
    name: 'cr-jpeg-extended-12',
    tools: ['dcmcjpeg'],
    make: () => run('dcmcjpeg', ['+ee', out('cr-base.dcm'), out('cr-jpeg-extended-12.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.51',
    check: 'exact-vs-dcmdjpeg',
    source: 'cr',
  },
  {
    name: 'cr-jpegls-dcmtk',
    tools: ['dcmcjpls'],
    make: () => run('dcmcjpls', [out('cr-base.dcm'), out('cr-jpegls-dcmtk.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.80',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-jpegls-near',
    tools: ['dcmcjpls'],
    make: () => run('dcmcjpls', ['+en', out('cr-base.dcm'), out('cr-jpegls-near.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.81',
    check: 'lossy',
    source: 'cr',
  },
  {
    name: 'cr-jpegls-gdcm',
    tools: ['gdcmconv'],
    make: () => run('gdcmconv', ['--jpegls', out('cr-base.dcm'), out('cr-jpegls-gdcm.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.80',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-j2k-lossless',
    tools: ['gdcmconv'],
    make: () => run('gdcmconv', ['--j2k', out('cr-base.dcm'), out('cr-j2k-lossless.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.90',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'cr-j2k-lossy',
    tools: ['gdcmconv'],
    make: () => run('gdcmconv', ['--j2k', '--lossy', out('cr-base.dcm'), out('cr-j2k-lossy.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.91',
    check: 'lossy',
    source: 'cr',
  },
  {
    name: 'cr-htj2k-lossless',
    tools: ['/usr/bin/python3'],
    make: () => makeHtj2k(out('cr-base.dcm'), 'cr-htj2k-lossless', 10),
    expectSyntax: '1.2.840.10008.1.2.4.201',
    check: 'exact',
    source: 'cr',
  },
  {
    name: 'ct-jpegls-signed',
    tools: ['gdcmconv'],
    make: () => run('gdcmconv', ['--jpegls', out('ct-base.dcm'), out('ct-jpegls-signed.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.80',
    check: 'exact',
    source: 'ct',
  },
  {
    name: 'ct-j2k-signed',
    tools: ['gdcmconv'],
    make: () => run('gdcmconv', ['--j2k', out('ct-base.dcm'), out('ct-j2k-signed.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.90',
    check: 'exact',
    source: 'ct',
  },
  {
    name: 'ct-rle-signed',
    tools: ['dcmcrle'],
    make: () => run('dcmcrle', [out('ct-base.dcm'), out('ct-rle-signed.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.5',
    check: 'exact',
    source: 'ct',
  },
  {
    name: 'us-rgb-rle',
    tools: ['dcmcrle'],
    make: () => run('dcmcrle', [out('us-base.dcm'), out('us-rgb-rle.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.5',
    check: 'exact',
    source: 'us',
  },
  {
    name: 'us-rgb-jpegls',
    tools: ['gdcmconv'],
    make: () => run('gdcmconv', ['--jpegls', out('us-base.dcm'), out('us-rgb-jpegls.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.80',
    check: 'exact',
    source: 'us',
  },
  {
    name: 'us-rgb-jpegls-line',
    tools: ['dcmcjpls'],
    make: () => run('dcmcjpls', ['+il', out('us-base.dcm'), out('us-rgb-jpegls-line.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.80',
    check: 'exact',
    source: 'us',
  },
  {
    name: 'us-rgb-jpegls-sample',
    tools: ['dcmcjpls'],
    make: () => run('dcmcjpls', ['+is', out('us-base.dcm'), out('us-rgb-jpegls-sample.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.80',
    check: 'exact',
    source: 'us',
  },
  {
    name: 'us-rgb-jpegls-none',
    tools: ['dcmcjpls'],
    make: () => run('dcmcjpls', ['+in', out('us-base.dcm'), out('us-rgb-jpegls-none.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.80',
    check: 'exact',
    source: 'us',
  },
  {
    name: 'us-rgb-j2k',
    tools: ['gdcmconv'],
    make: () => run('gdcmconv', ['--j2k', out('us-base.dcm'), out('us-rgb-j2k.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.90',
    check: 'exact',
    source: 'us',
  },
  {
    name: 'us-rgb-jpeg-baseline',
    tools: ['dcmcjpeg'],
    make: () => run('dcmcjpeg', ['+eb', out('us-base.dcm'), out('us-rgb-jpeg-baseline.dcm')]),
    expectSyntax: '1.2.840.10008.1.2.4.50',
    check: 'lossy',
    source: 'us',
  },
];

async function makeHtj2k(base: string, name: string, bits: number): Promise<void> {
  const ds = readDicom(fs.readFileSync(base), base);
  const meta = readImageMetadata(ds);
  const raw = await decodeRawSamples(ds, meta);
  const codestream = await encodeHtj2k(Uint16Array.from(raw.samples), meta.columns, meta.rows, bits);
  fs.writeFileSync(out(`${name}.j2c`), codestream);
  run('/usr/bin/python3', [
    path.join(repoRoot, 'test/fixtures/dicom/wrapEncapsulated.py'),
    base,
    out(`${name}.j2c`),
    '1.2.840.10008.1.2.4.201',
    out(`${name}.dcm`),
  ]);
}

const available = (v: Variant): boolean => v.tools.every((t) => (t.startsWith('/') ? fs.existsSync(t) : hasTool(t)));
const baseTools = hasTool('dcmconv') && hasTool('dcmdrle');
let crReference: Float32Array;
let crReferencePct: Float32Array;
let ctReference: Float32Array;
let usReference: Float32Array;
let usReferencePct: Float32Array;

beforeAll(async () => {
  if (!baseTools) return;
  run('dcmconv', ['-f', '+te', crSource, out('cr-base.dcm')]);
  run('dcmdrle', [ctSource, out('ct-base.dcm')]);
  crReference = await load(out('cr-base.dcm'));
  crReferencePct = await load(out('cr-base.dcm'), { voi: 'percentile' });
  ctReference = await load(out('ct-base.dcm'));
  run('dcmconv', ['+te', usSource, out('us-base.dcm')]);
  usReference = await load(out('us-base.dcm'));
  usReferencePct = await load(out('us-base.dcm'), { voi: 'percentile' });
}, 60_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('transfer-syntax variants of shared real files', () => {
  if (!baseTools) console.warn('SKIPPED: all variants (dcmconv/dcmdrle missing; install dcmtk in .ci/run)');
  for (const v of variants) {
    const ok = baseTools && available(v);
    if (!ok) console.warn(`SKIPPED: ${v.name} (missing ${v.tools.filter((t) => !hasTool(t)).join(', ')})`);
    it.skipIf(!ok)(
      `${v.name} (${v.expectSyntax})`,
      async () => {
        await v.make();
        const file = out(`${v.name}.dcm`);
        expect(readDicom(fs.readFileSync(file), file).transferSyntaxUid).toBe(v.expectSyntax);
        const reference = v.source === 'cr' ? crReference : v.source === 'ct' ? ctReference : usReference;
        if (typeof v.check === 'object') {
          const error = await loadDicomImage(fs.readFileSync(file), file, {}).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(HilumError);
          expect((error as HilumError).code).toBe(v.check.error);
          expect((error as HilumError).details.file).toBe(file);
        } else if (v.check === 'exact') {
          expectIdentical(await load(file), reference);
        } else if (v.check === 'exact-vs-dcmdjpeg') {
          run('dcmdjpeg', [file, out(`${v.name}-dcmdjpeg.dcm`)]);
          expectIdentical(await load(file), await load(out(`${v.name}-dcmdjpeg.dcm`)));
          expect(pearson(await load(file), reference)).toBeGreaterThan(0.99);
        } else {
          const pixels = await load(file, { voi: 'percentile' });
          expect(pearson(pixels, v.source === 'us' ? usReferencePct : crReferencePct)).toBeGreaterThanOrEqual(0.99);
        }
      },
      30_000,
    );
  }

  it.skipIf(!baseTools || !hasTool('dcmcjpeg'))(
    "Hilum's sequential JPEG decoder equals libjpeg-turbo on 8-bit baseline (same IJG islow IDCT)",
    async () => {
      const file = out('cr-jpeg-baseline-8.dcm');
      run('dcmcjpeg', ['+eb', out('cr-base.dcm'), file]);
      const ds = readDicom(fs.readFileSync(file), file);
      const meta = readImageMetadata(ds);
      const turbo = await decodeRawSamples(ds, meta);
      expect(turbo.decoder).toBe('libjpeg-turbo-8bit');
      const own = decodeJpegSequential(extractFrameBytes(ds, meta), file);
      expect(own.precision).toBe(8);
      expect(Array.from(own.samples)).toEqual(Array.from(turbo.samples));
    },
  );
});
