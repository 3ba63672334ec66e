// `hilum dataset import` through the bin entry with FIFOs, a socket, link loops and a broken link among real Kermany
// radiographs: each is quarantined as NOT_REGULAR_FILE with its reason and never opened (a FIFO's open would block the
// import, and the test would time out), in the folders format and when a label file names a FIFO (csv format).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../helpers/paths';
import { spawnHilum } from '../../helpers/spawnHilum';

const kermany = path.join(sharedDataDir, 'kermany-pediatric-224px/train');
let root: string;
let server: net.Server;

function linkFirst(cls: string, n: number, into: string): string[] {
  const names = fs.readdirSync(path.join(kermany, cls)).sort().slice(0, n);
  for (const f of names) fs.symlinkSync(path.join(kermany, cls, f), path.join(into, cls, f));
  return names;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-import-special-'));
  const ds = path.join(root, 'ds');
  for (const cls of ['NORMAL', 'PNEUMONIA']) fs.mkdirSync(path.join(ds, cls), { recursive: true });
  linkFirst('NORMAL', 3, ds);
  linkFirst('PNEUMONIA', 3, ds);
  execFileSync('mkfifo', [path.join(ds, 'NORMAL', 'IM-9999-0001.jpeg')]);
  execFileSync('mkfifo', [path.join(ds, 'stray-pipe')]);
  fs.symlinkSync('.', path.join(ds, 'PNEUMONIA', 'loop'));
  fs.symlinkSync(path.join(root, 'gone.jpeg'), path.join(ds, 'PNEUMONIA', 'person9999_bacteria_1.jpeg'));
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(ds, 'PNEUMONIA', 'sock'), resolve));
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the import report's JSON
async function importDataset(args: string[]): Promise<any> {
  const r = await spawnHilum([
    '--json',
    '--data-dir',
    path.join(root, 'data'),
    'dataset',
    'import',
    ...args,
    '--size',
    '32',
    '--threads',
    '1',
  ]);
  if (r.code !== 0) throw new Error(`dataset import exited ${r.code}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout);
}

describe('dataset import with special files in the folder', () => {
  it.skipIf(!fs.existsSync(kermany))(
    'folders and csv formats quarantine FIFOs, sockets, loops and broken links with a typed reason',
    async () => {
      const ds = path.join(root, 'ds');
      fs.writeFileSync(
        path.join(root, 'labels.csv'),
        `path,PNEUMONIA\n${fs.readdirSync(path.join(kermany, 'NORMAL')).sort()[0]!.replace(/^/, 'NORMAL/')},0\nNORMAL/IM-9999-0001.jpeg,0\n`,
      );
      const [folders, csv] = await Promise.all([
        importDataset([ds, '--format', 'folders', '--name', 'special-folders']),
        importDataset([
          ds,
          '--format',
          'csv',
          '--csv',
          path.join(root, 'labels.csv'),
          '--image-column',
          'path',
          '--label-columns',
          'PNEUMONIA',
          '--name',
          'special-csv',
        ]),
      ]);
      expect(folders.imported).toBe(6);
      expect(folders.quarantinedByCode).toEqual({ NOT_REGULAR_FILE: 5 });
      expect(csv.imported).toBe(1);
      expect(csv.quarantinedByCode).toEqual({ NOT_REGULAR_FILE: 1 });
      const shown = await spawnHilum(['--json', '--data-dir', path.join(root, 'data'), 'dataset', 'show', 'special-folders']);
      const files = JSON.parse(shown.stdout).quarantine.files as { sourcePath: string; code: string; message: string }[];
      const messageOf = Object.fromEntries(files.map((f) => [f.sourcePath, f.message]));
      expect(messageOf).toEqual({
        'stray-pipe': 'stray-pipe: a FIFO (named pipe); not read',
        'NORMAL/IM-9999-0001.jpeg': 'NORMAL/IM-9999-0001.jpeg: a FIFO (named pipe); not read',
        'PNEUMONIA/loop': expect.stringMatching(/^PNEUMONIA\/loop: a symbolic link that loops/),
        'PNEUMONIA/person9999_bacteria_1.jpeg':
          'PNEUMONIA/person9999_bacteria_1.jpeg: a symbolic link whose target does not exist; not read',
        'PNEUMONIA/sock': 'PNEUMONIA/sock: a socket; not read',
      });
    },
    300_000,
  );
});
