// `hilum dataset import` through the bin entry: an import killed part-way (SIGKILL, the dataset left `importing`)
// is taken over when run again, and the files it had decoded are counted as pixel-cache hits; a label file corrupt
// part-way leaves no dataset at all, and the fixed file then imports under the same name.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedDataDir } from '../../helpers/paths';
import { spawnHilum } from '../../helpers/spawnHilum';

const kermany = path.join(sharedDataDir, 'kermany-pediatric-224px/train');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-import-resume-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function labelFile(file: string, perClass: number, corruptRow?: number): void {
  const rows = ['path,PNEUMONIA'];
  for (const [cls, state] of [
    ['NORMAL', 0],
    ['PNEUMONIA', 1],
  ] as const)
    for (const f of fs.readdirSync(path.join(kermany, cls)).sort().slice(0, perClass)) rows.push(`${cls}/${f},${state}`);
  if (corruptRow !== undefined) rows[corruptRow - 1] = `${rows[corruptRow - 1]}"`; // a quote inside an unquoted field
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
}

const importArgs = (dataDir: string, csv: string, name: string) => [
  '--json',
  '--data-dir',
  dataDir,
  'dataset',
  'import',
  kermany,
  '--format',
  'csv',
  '--csv',
  csv,
  '--image-column',
  'path',
  '--label-columns',
  'PNEUMONIA',
  '--name',
  name,
  '--size',
  '96',
  '--threads',
  '1',
];

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.f32')).length;
}

describe.skipIf(!fs.existsSync(kermany))('dataset import that is killed or reads a corrupt label file', () => {
  it('a killed import resumes when run again, counting the files already decoded as cache hits', async () => {
    const dataDir = path.join(tmp, 'killed');
    const csv = path.join(tmp, 'labels.csv');
    labelFile(csv, 40);
    const child = spawn('node', [path.join(repoRoot, 'bin/hilum.mjs'), ...importArgs(dataDir, csv, 'kermany-80')], { cwd: repoRoot });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let cached = 0;
    // Wait (no time limit of our own: the test's timeout) until the first files are in the pixel cache, then kill.
    while (cached < 5 && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      cached = countFiles(path.join(dataDir, 'cache'));
    }
    child.kill('SIGKILL');
    await exited;
    const cachedAtKill = countFiles(path.join(dataDir, 'cache'));
    expect(cachedAtKill).toBeGreaterThanOrEqual(5);
    expect(cachedAtKill).toBeLessThan(80); // killed part-way, not after the end
    const stuck = await spawnHilum(['--json', '--data-dir', dataDir, 'dataset', 'show', 'kermany-80']);
    expect(JSON.parse(stuck.stdout).status).toBe('importing');

    const again = await spawnHilum(importArgs(dataDir, csv, 'kermany-80'));
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report).toMatchObject({ imported: 80, quarantined: 0 });
    expect(report.cacheHits).toBeGreaterThanOrEqual(cachedAtKill);
    expect(report.cacheHits).toBeLessThan(80);
    const shown = JSON.parse((await spawnHilum(['--json', '--data-dir', dataDir, 'dataset', 'show', 'kermany-80'])).stdout);
    expect(shown).toMatchObject({ status: 'ready', images: 80 });
  }, 600_000);

  it('a label file corrupt part-way leaves no half-made dataset', async () => {
    const dataDir = path.join(tmp, 'corrupt');
    const csv = path.join(tmp, 'corrupt.csv');
    labelFile(csv, 15, 25);
    const bad = await spawnHilum(importArgs(dataDir, csv, 'kermany-30'));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'DATASET_FORMAT', details: { line: 25 } });
    const shown = await spawnHilum(['--json', '--data-dir', dataDir, 'dataset', 'show', 'kermany-30']);
    expect(shown.code).toBe(1);
    expect(JSON.parse(shown.stderr).error.code).toBe('NOT_FOUND');
    labelFile(csv, 15);
    const fixed = await spawnHilum(importArgs(dataDir, csv, 'kermany-30'));
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ imported: 30, quarantined: 0 });
  }, 300_000);
});
