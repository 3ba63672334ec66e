// serializeNpy against numpy itself (Debian's python3-numpy) and against parseNpy.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNpy } from '../../../src-core/model/parseNpy';
import { serializeNpy } from '../../../src-core/model/serializeNpy';

describe('serializeNpy', () => {
  it('round-trips through parseNpy', () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => i / 7 - 1);
    const parsed = parseNpy(serializeNpy(data, [2, 3, 4]));
    expect(parsed.shape).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(Array.from(data));
  });
  it('is read by numpy with the same shape and values', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-npy-')), 'a.npy');
    fs.writeFileSync(file, serializeNpy(Float32Array.from([1.5, -2, 3.25, 0, 7, 8]), [3, 2]));
    const out = execFileSync('/usr/bin/python3', [
      '-c',
      `import numpy as n; a=n.load(${JSON.stringify(file)}); print(a.dtype, a.shape, a.ravel().tolist())`,
    ])
      .toString()
      .trim();
    expect(out).toBe('float32 (3, 2) [1.5, -2.0, 3.25, 0.0, 7.0, 8.0]');
  });
  it('rejects a shape that does not match the data', () => {
    expect(() => serializeNpy(new Float32Array(5), [2, 3])).toThrow(/needs 6 values/);
  });
});
