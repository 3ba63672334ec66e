// A saliency PNG from an unlocked run gets a "NOT LOCKED" tEXt chunk that a strict PNG reader (CRC checked) still accepts.
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { markPngFile } from '../../../src-main/governance/markResearchUse';
import { removeTempDirs, tempDir } from './governanceFixtures';

afterAll(removeTempDirs);

describe('markPngFile', () => {
  it('inserts a tEXt comment before IEND with a valid CRC', () => {
    const png = new PNG({ width: 4, height: 3 });
    png.data.fill(200);
    const file = path.join(tempDir('png'), 'overlay.png');
    fs.writeFileSync(file, PNG.sync.write(png));
    markPngFile(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.toString('latin1')).toContain('tEXtComment\0NOT LOCKED - research use');
    expect(bytes.subarray(-8, -4).toString('latin1')).toBe('IEND');
    const back = PNG.sync.read(bytes, { checkCRC: true } as never);
    expect([back.width, back.height]).toEqual([4, 3]);
  });
});
