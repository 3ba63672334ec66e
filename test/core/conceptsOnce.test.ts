// Issue 13 "each concept once": scans the product and tools folders so a second PRNG, hash helper, CSV parser,
// raster JPEG decoder or image resampler cannot come back unnoticed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';

const folders = ['src-core', 'src-worker', 'src-main', 'src-renderer', 'tools'];

/** Files (tracked or untracked, not ignored) under the product and tools folders whose text matches `pattern`. */
function filesMatching(pattern: string): string[] {
  try {
    return execFileSync('git', ['grep', '-l', '--untracked', '-E', pattern, '--', ...folders], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .sort();
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
}

function filesNamed(pattern: RegExp): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...folders], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((f) => pattern.test(path.basename(f)))
    .filter((f) => {
      try {
        readFileSync(path.join(repoRoot, f)); // deleted but still in the index: not there
        return true;
      } catch {
        return false;
      }
    })
    .sort();
}

describe('each concept once', () => {
  it('one PRNG: xoshiro128** in src-core/random/createRng.ts, no mulberry32 or other generator', () => {
    expect(filesMatching('0x6d2b79f5|mulberry32\\(|seededRandom\\(')).toEqual([]);
    // Generators are recognised by their step constants (splitmix/xoshiro rotations, LCG multipliers).
    expect(filesMatching('rotl\\(|1664525|6364136223846793005|0x9e3779b9')).toEqual(['src-core/random/createRng.ts']);
  });

  it('one sha256Hex module', () => {
    expect(filesNamed(/^sha256Hex\.ts$/)).toEqual(['src-main/governance/sha256Hex.ts']);
  });

  it('one age-band vocabulary (src-core/datasets/ageBand.ts): no second spelling such as "<18"', () => {
    expect(filesMatching('AGE_BANDS = ')).toEqual(['src-core/datasets/ageBand.ts']);
    expect(filesMatching('[\'"]<18[\'"]|[\'"](>=|≥)80[\'"]')).toEqual([]);
  });

  it('one CSV parser (src-core/csv), no npm CSV parser in product code', () => {
    expect(filesNamed(/csv.*parser|parseCsv/i)).toEqual(['src-core/csv/createCsvRowParser.ts', 'src-core/csv/parseCsv.ts']);
    expect(filesMatching("from 'csv-parse|from 'papaparse|require\\('papaparse")).toEqual([]);
  });

  it('one JPEG decoder for 8-bit DCT (libjpeg-turbo): jpeg-js is neither imported nor installed', () => {
    expect(filesMatching("from 'jpeg-js'")).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('jpeg-js');
  });

  it('one image resampler family: nothing but position embeddings uses the bicubic resize, no second area resizer', () => {
    expect(filesMatching('import \\{[^}]*resizeBicubic[^}]*\\} from')).toEqual(['src-core/model/importCheckpoint.ts']);
    expect(filesNamed(/^(resizeImage|resizeArea)\.ts$/)).toEqual([]);
  });
});
