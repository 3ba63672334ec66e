// Compares PNG/JPEG luminance and resampling against PIL (see test/fixtures/datasets/README.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRasterImage } from '../../../src-worker/datasets/image/decodeRasterImage';
import { resample, resampleToSquare } from '../../../src-worker/datasets/image/resampleToSquare';
import { repoRoot, sharedDataDir } from '../../helpers/paths';

interface Case {
  file: string;
  width: number;
  height: number;
  size: number;
  filter: string;
  lumaMean: number;
  lumaFirstRow: number[];
  resized: number[];
}
const reference = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/datasets/pil-reference.json'), 'utf8')) as { cases: Case[] };

describe('decodeRasterImage + resample against PIL', () => {
  for (const c of reference.cases) {
    it(`${c.file} → ${c.size} px (${c.filter})`, async () => {
      const image = await decodeRasterImage(readFileSync(path.join(sharedDataDir, c.file)), c.file);
      expect([image.width, image.height]).toEqual([c.width, c.height]);
      const mean = image.pixels.reduce((a, b) => a + b, 0) / image.pixels.length;
      // Exact for JPEG too: libjpeg-turbo is the library PIL links (jpeg-js, used before, was off by up to a grey level).
      expect(Math.abs(mean - c.lumaMean)).toBeLessThan(1e-6);
      c.lumaFirstRow.forEach((v, i) => expect(image.pixels[i]).toBeCloseTo(v, 5));
      const out = resample(image, c.size, c.size);
      let maxDiff = 0;
      let sumDiff = 0;
      c.resized.forEach((v, i) => {
        const d = Math.abs((out.pixels[i] as number) - v);
        maxDiff = Math.max(maxDiff, d);
        sumDiff += d;
      });
      expect(maxDiff).toBeLessThan(1e-5);
      expect(sumDiff / c.resized.length).toBeLessThan(1e-6);
    });
  }

  it('reads 16-bit greyscale PNG at full precision', async () => {
    const { PNG } = await import('pngjs');
    const png = new PNG({ width: 3, height: 1, colorType: 0, inputColorType: 0, bitDepth: 16, inputHasAlpha: false });
    const data = new Uint16Array([0, 1000, 65535]);
    // Buffer.from(arrayBuffer) shares memory at offset 0, which is what pngjs's 16-bit packer reads.
    png.data = Buffer.from(data.buffer);
    const bytes = PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 16, inputHasAlpha: false });
    const image = await decodeRasterImage(bytes, 'sixteen.png');
    expect(image.description).toBe('png:16-bit grey');
    expect(image.pixels[1]).toBeCloseTo(1000 / 65535, 6); // 8-bit rounding would give 4/255 = 0.0157
    expect(image.pixels[2]).toBeCloseTo(1, 6);
  });

  it('pads a non-square image to a centred square on black', () => {
    const img = { width: 4, height: 2, pixels: new Float32Array(8).fill(1) };
    const out = resampleToSquare(img, 4, 'pad');
    expect([...out.pixels]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(resampleToSquare(img, 4, 'stretch').pixels.every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });

  it('refuses what is neither PNG nor JPEG, and truncated files, with IMAGE_DECODE', async () => {
    await expect(decodeRasterImage(new TextEncoder().encode('hello'), 'notes.txt')).rejects.toMatchObject({ code: 'IMAGE_DECODE' });
    const png = readFileSync(path.join(sharedDataDir, 'nih-cxr14-subset-64px/images/00000001_000.png'));
    await expect(decodeRasterImage(png.subarray(0, 200), 'cut.png')).rejects.toMatchObject({
      code: 'IMAGE_DECODE',
      message: expect.stringContaining('cut.png'),
    });
    const jpeg = readFileSync(path.join(sharedDataDir, 'kermany-pediatric-224px/train/NORMAL/IM-0115-0001.jpeg'));
    await expect(decodeRasterImage(jpeg.subarray(0, 100), 'cut.jpeg')).rejects.toMatchObject({
      code: 'IMAGE_DECODE',
      message: expect.stringContaining('cut.jpeg'),
    });
  });

  it('refuses a 12-bit JPEG as a raster file (12-bit comes in DICOM, through the own sequential decoder)', async () => {
    // SOI, then SOF1 with precision 12, 8×8, one component.
    const sof1 = Uint8Array.from([0xff, 0xd8, 0xff, 0xc1, 0, 11, 12, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    await expect(decodeRasterImage(sof1, 'twelve.jpg')).rejects.toMatchObject({
      code: 'IMAGE_DECODE',
      message: expect.stringMatching(/12-bit/),
    });
  });
});
