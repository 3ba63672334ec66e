// `hilum predict <folder>` through the bin entry: non-images (README.txt, .DS_Store, a zero-byte file) are skipped by
// their first bytes and FIFOs, sockets and link loops by lstat, all counted in --json; a FIFO in a bundle is refused.
// A FIFO that were opened would block the run, and the test would time out instead of passing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../helpers/paths';
import { spawnHilum } from '../../helpers/spawnHilum';
import { makeMicroBundle } from '../bundle/makeMicroBundle';

const jpeg = path.join(sharedDataDir, 'kermany-pediatric-224px/train/NORMAL/IM-0115-0001.jpeg');
const bareDicom = path.join(sharedDataDir, 'dicom/fo-dicom/CR-MONO1-10-chest'); // no preamble, no "DICM"
let root: string;
let bundleDir: string;
let inputs: string;
let server: net.Server;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-predict-skips-'));
  bundleDir = (await makeMicroBundle(path.join(root, 'bundle'))).dir;
  inputs = path.join(root, 'inputs');
  fs.mkdirSync(path.join(inputs, 'sub'), { recursive: true });
  fs.symlinkSync(jpeg, path.join(inputs, 'chest.jpeg'));
  fs.symlinkSync(bareDicom, path.join(inputs, 'sub', 'chest-cr'));
  fs.writeFileSync(path.join(inputs, 'README.txt'), 'Chest radiographs exported from PACS.\n');
  fs.writeFileSync(path.join(inputs, '.DS_Store'), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31, 0, 0, 0x10, 0]));
  fs.writeFileSync(path.join(inputs, 'empty.dcm'), '');
  execFileSync('mkfifo', [path.join(inputs, 'pipe.dcm')]);
  execFileSync('mkfifo', [path.join(inputs, 'sub', 'pipe.png')]);
  fs.symlinkSync('.', path.join(inputs, 'sub', 'loop'));
  fs.symlinkSync(path.join(root, 'nowhere.png'), path.join(inputs, 'broken.png'));
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(inputs, 'sock'), resolve));
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

const predict = (dataDir: string, bundle: string, ...files: string[]) =>
  spawnHilum(['--json', '--data-dir', dataDir, 'predict', '--allow-unlocked', '--bundle', bundle, ...files]);

describe('hilum predict <folder>', () => {
  it.skipIf(!fs.existsSync(jpeg))(
    'predicts the images and counts every skipped entry by reason',
    async () => {
      const r = await predict(path.join(root, 'data1'), bundleDir, inputs);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.results.map((e: { input: string }) => e.input)).toEqual([
        path.join(inputs, 'chest.jpeg'),
        path.join(inputs, 'sub/chest-cr'),
      ]);
      expect(out.results.every((e: object) => !('error' in e))).toBe(true);
      expect(out.skipped).toEqual({ notImage: 2, hidden: 1, fifo: 2, socket: 1, 'symlink-loop': 1, 'broken-symlink': 1 });
      const reasonOf = Object.fromEntries(
        out.skippedInputs.map((s: { file: string; reason: string }) => [path.relative(inputs, s.file), s.reason]),
      );
      expect(reasonOf).toMatchObject({ 'README.txt': 'notImage', 'empty.dcm': 'notImage', 'pipe.dcm': 'fifo', 'sub/loop': 'symlink-loop' });
    },
    180_000,
  );

  it('refuses a FIFO named on the command line, and a bundle holding a FIFO, without opening either', async () => {
    // labels.json, a file the manifest lists, replaced by a FIFO: reading it would block the load.
    const piped = path.join(root, 'bundle-with-fifo');
    fs.cpSync(bundleDir, piped, { recursive: true });
    fs.rmSync(path.join(piped, 'labels.json'));
    execFileSync('mkfifo', [path.join(piped, 'labels.json')]);
    const [named, r] = await Promise.all([
      predict(path.join(root, 'data2'), bundleDir, path.join(inputs, 'pipe.dcm')),
      predict(path.join(root, 'data3'), piped, path.join(inputs, 'chest.jpeg')),
    ]);
    expect(named.code).toBe(1);
    expect(JSON.parse(named.stderr).error).toMatchObject({ code: 'NOT_REGULAR_FILE', details: { reason: 'fifo' } });
    expect(r.code).toBe(1);
    const error = JSON.parse(r.stderr).error;
    expect(error).toMatchObject({ code: 'BUNDLE_INTEGRITY', details: { skipReason: 'fifo' } });
    expect(error.message).toContain('labels.json: a FIFO (named pipe); not read');
  }, 120_000);
});
