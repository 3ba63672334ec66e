// The demo reaches the phantom generator in tools/ only as a child process: its summary comes back
// validated, its typed errors come back with their code, and the sites asked for are the sites written.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPhantomsTool } from '../../../src-main/demo/runPhantomsTool';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-phantoms-tool-'));

describe('runPhantomsTool', () => {
  it('writes only the requested sites and returns the generator summary', async () => {
    const r = await runPhantomsTool({ dir: path.join(tmp, 'harbor'), count: 3, seed: 2, size: 32, transcode: true, siteIds: ['harbor'] });
    expect(r.files).toHaveLength(3);
    expect(r.files.every((f) => f.startsWith('harbor/'))).toBe(true);
    // harbor stores JPEG 2000, written by the OpenJPEG wasm encoder (no external tool needed).
    expect(r.transferSyntaxes).toEqual({ jpeg2000: 3 });
    expect(r.notes).toEqual([]);
    expect(readFileSync(r.labelsCsv, 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('passes on the generator’s typed error for an unknown site', async () => {
    await expect(
      runPhantomsTool({ dir: path.join(tmp, 'x'), count: 1, seed: 1, size: 32, transcode: false, siteIds: ['nowhere'] }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('Unknown synthetic site "nowhere"'),
    });
  });
});
