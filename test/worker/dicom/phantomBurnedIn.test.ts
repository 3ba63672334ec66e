/**
 * Burned-in marker detection on the datasets engineer's synthetic phantoms, whose generator burns a
 * patient-left "L" top right on every film and "PORTABLE" top left on AP films (known positions).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PixelRegion } from '../../../src-core/dicom/types';
import { loadDicomImage } from '../../../src-worker/dicom/loadDicomImage';

type Generate = (o: {
  dir: string;
  count: number;
  seed: number;
  size?: number;
  transcode?: boolean;
}) => { files: string[]; labelsCsv: string } | Promise<{ files: string[]; labelsCsv: string }>;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-phantom-burned-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function loadGenerator(): Promise<Generate | null> {
  try {
    const mod = (await import('../../../tools/phantoms/generatePhantomDataset')) as unknown as {
      generatePhantomDataset?: Generate;
    };
    return mod.generatePhantomDataset ?? null;
  } catch {
    return null;
  }
}

const overlaps = (a: PixelRegion, b: PixelRegion): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('burned-in markers on synthetic phantoms', () => {
  it('finds the L marker on every film and PORTABLE on every AP film, and nothing else', async () => {
    const generate = await loadGenerator();
    if (!generate) {
      console.warn('SKIPPED: tools/phantoms/generatePhantomDataset not available');
      return;
    }
    const size = 256;
    const scale = Math.max(1, Math.round(size / 128));
    const result = await generate({ dir: tmp, count: 10, seed: 11, size, transcode: false });
    const rows = fs.readFileSync(result.labelsCsv, 'utf8').trim().split('\n');
    const header = rows[0]!.split(',');
    const viewCol = header.indexOf('view');
    let ap = 0;
    for (const [i, rel] of result.files.entries()) {
      const file = path.join(tmp, rel);
      const img = await loadDicomImage(fs.readFileSync(file), file, {});
      const view = rows[i + 1]!.split(',')[viewCol];
      const l = { x: size - 8 * scale, y: 4 * scale, width: 5 * scale, height: 7 * scale };
      const expected = [l];
      if (view === 'AP') {
        ap++;
        expected.push({ x: 4 * scale, y: 4 * scale, width: 8 * 6 * scale, height: 7 * scale });
      }
      expect(img.burnedIn.flagged, rel).toBe(true);
      expect(img.burnedIn.regions.length, `${rel} ${JSON.stringify(img.burnedIn.regions)}`).toBe(expected.length);
      for (const e of expected)
        expect(
          img.burnedIn.regions.some((r) => overlaps(r, e)),
          `${rel} ${JSON.stringify(e)}`,
        ).toBe(true);
    }
    expect(result.files.length).toBe(10);
    expect(ap).toBeGreaterThan(0);
  }, 60_000);
});
