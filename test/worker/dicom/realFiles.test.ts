/** Every shared real DICOM renders or fails with a typed error; renderings match DCMTK (r ≥ 0.99) with the same VOI. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import type { NormalisedImage } from '../../../src-core/dicom/types';
import { loadDicomImage } from '../../../src-worker/dicom/loadDicomImage';
import { sharedDataDir } from '../../helpers/paths';
import { decompressorFor, flipLeftRight, hasTool, pearson, renderWithDcmtk, voiFromSteps } from './helpers/dcmtkReference';

const dicomDir = path.join(sharedDataDir, 'dicom');
const index = fs
  .readFileSync(path.join(dicomDir, 'INDEX.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t')[0]!);

/** Outcome per file, as decided by reading each one (see test/fixtures/dicom/README.md). */
const expectedFailures: Record<string, string> = {
  'fo-dicom/GH626.dcm': 'DICOM_NO_PIXEL_DATA',
  'orthanc-tests/Issue56-NoPixelData.dcm': 'DICOM_NO_PIXEL_DATA',
  'pydicom/JPEG2000-embedded-sequence-delimiter.dcm': 'DICOM_BAD_GEOMETRY',
  'pydicom/meta_missing_tsyntax.dcm': 'DICOM_BAD_GEOMETRY',
};

const results = new Map<string, NormalisedImage | HilumError>();

async function load(rel: string): Promise<NormalisedImage | HilumError> {
  const cached = results.get(rel);
  if (cached) return cached;
  const file = path.join(dicomDir, rel);
  let r: NormalisedImage | HilumError;
  try {
    r = await loadDicomImage(fs.readFileSync(file), file, {});
  } catch (error) {
    if (!(error instanceof HilumError)) throw error;
    r = error;
  }
  results.set(rel, r);
  return r;
}

describe('real DICOM files', () => {
  it('INDEX.tsv lists the 23 shared files', () => {
    expect(index.length).toBe(23);
  });

  it.each(index)('%s renders or fails with a typed DICOM error naming the file', async (rel) => {
    const r = await load(rel);
    if (r instanceof HilumError) {
      expect(r.code).toMatch(/^DICOM_/);
      expect(r.details.file).toBe(path.join(dicomDir, rel));
      expect(r.code).toBe(expectedFailures[rel] ?? 'no failure expected');
    } else {
      expect(expectedFailures[rel]).toBeUndefined();
      expect(r.pixels.length).toBe(r.width * r.height);
      let min = Infinity;
      let max = -Infinity;
      for (const v of r.pixels) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      expect(min).toBeGreaterThanOrEqual(0);
      expect(max).toBeLessThanOrEqual(1);
      expect(max).toBeGreaterThan(min);
    }
  });

  const dcmtk = hasTool('dcm2pnm') && hasTool('gdcmconv') && hasTool('dcmdjpeg') && hasTool('dcmdjpls');
  if (!dcmtk)
    console.warn(
      'SKIPPED: DCMTK/GDCM comparison (dcm2pnm, dcmdjpeg, dcmdjpls or gdcmconv missing; add dcmtk and libgdcm-tools to .ci/run)',
    );

  it.skipIf(!dcmtk)(
    'matches DCMTK renderings with the same VOI (Pearson r ≥ 0.99) for every file both can render',
    async () => {
      const compared: string[] = [];
      for (const rel of index) {
        const r = await load(rel);
        if (r instanceof HilumError) continue;
        let ref;
        try {
          ref = renderWithDcmtk(path.join(dicomDir, rel), voiFromSteps(r.steps), decompressorFor(r.metadata.transferSyntaxUid));
        } catch {
          continue; // DCMTK/GDCM cannot read it (GH364, the truncated J2K): nothing to compare against
        }
        if (r.steps.some((s) => s.includes('flipped left-right'))) ref = flipLeftRight(ref);
        expect([ref.width, ref.height], rel).toEqual([r.width, r.height]);
        const corr = pearson(r.pixels, ref.pixels);
        expect(corr, rel).toBeGreaterThanOrEqual(0.99);
        compared.push(rel);
      }
      // 19 files decode in Hilum; DCMTK/GDCM fail on GH364 and the truncated JPEG 2000 file.
      expect(compared.length).toBe(17);
    },
    120_000,
  );

  it.skipIf(!dcmtk)(
    'matches DCMTK at the model resolution too (content of the 256-px letterbox vs dcm2pnm scaled to the same size, r ≥ 0.99)',
    async () => {
      let compared = 0;
      for (const rel of [
        'fo-dicom/CR-MONO1-10-chest',
        'pydicom-data/RG1_J2KI.dcm',
        'pydicom-data/RG3_J2KR.dcm',
        'fo-dicom/GH133.dcm',
        'orthanc-tests/1.2.840.10008.1.2.4.51.dcm',
        'fo-dicom/OutOfBoundsOverlay.dcm',
      ]) {
        const file = path.join(dicomDir, rel);
        const r = await loadDicomImage(fs.readFileSync(file), file, { size: 256 });
        const m = /→ (\d+)×(\d+) padded to 256×256 at \((\d+),(\d+)\)/.exec(r.steps.find((s) => s.startsWith('resize:'))!)!;
        const [cw, ch, x0, y0] = m.slice(1).map(Number) as [number, number, number, number];
        let ref = renderWithDcmtk(
          file,
          voiFromSteps(r.steps),
          decompressorFor(r.metadata.transferSyntaxUid),
          cw >= ch ? { axis: 'x', n: cw } : { axis: 'y', n: ch },
        );
        if (r.steps.some((s) => s.includes('flipped left-right'))) ref = flipLeftRight(ref);
        // DCMTK derives the other side from the aspect ratio: allow it to differ from Hilum's by one pixel.
        expect(Math.abs(ref.width - cw) + Math.abs(ref.height - ch), rel).toBeLessThanOrEqual(1);
        const w = Math.min(cw, ref.width);
        const h = Math.min(ch, ref.height);
        const a = new Float32Array(w * h);
        const b = new Float32Array(w * h);
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            a[y * w + x] = r.pixels[(y0 + y) * 256 + x0 + x]!;
            b[y * w + x] = ref.pixels[y * ref.width + x]!;
          }
        }
        expect(pearson(a, b), rel).toBeGreaterThanOrEqual(0.99);
        compared++;
      }
      expect(compared).toBe(6);
    },
    120_000,
  );

  it('MONOCHROME1 CR chest comes out bone bright: spine column brighter than the lung fields', async () => {
    const r = (await load('fo-dicom/CR-MONO1-10-chest')) as NormalisedImage;
    expect(r.steps.some((s) => s.startsWith('invert: MONOCHROME1'))).toBe(true);
    const mean = (x0: number, y0: number, w: number, h: number): number => {
      let s = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) s += r.pixels[y * r.width + x]!;
      return s / (w * h);
    };
    const W = r.width;
    const H = r.height;
    const spine = mean(Math.round(W * 0.47), Math.round(H * 0.3), Math.round(W * 0.06), Math.round(H * 0.3));
    const lung = mean(Math.round(W * 0.2), Math.round(H * 0.3), Math.round(W * 0.1), Math.round(H * 0.3));
    expect(spine).toBeGreaterThan(lung + 0.1);
  });

  it('reads the transfer syntax within the meta group length (GH1376 has stray group-0002 elements) and applies Pt', async () => {
    const r = (await load('fo-dicom/GH1376.dcm')) as NormalisedImage;
    expect(r.metadata.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.70');
    expect(r.steps.join(' ')).toContain('point transform 2 applied');
  });

  it('decodes the real 12-bit JPEG (.51) file sample for sample like DCMTK dcmdjpeg', async () => {
    const r = (await load('orthanc-tests/1.2.840.10008.1.2.4.51.dcm')) as NormalisedImage;
    expect(r.steps.join(' ')).toContain('hilum-jpeg-sequential (12-bit');
  });

  it('parses a file with no preamble and no meta header as implicit VR LE', async () => {
    const r = (await load('fo-dicom/CR-MONO1-10-chest')) as NormalisedImage;
    expect(r.metadata.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    expect(r.steps[0]).toContain('assumed-implicit');
    expect(r.metadata.modality).toBe('CR');
    expect(r.metadata.viewPosition).toBe('PA');
  });
});
