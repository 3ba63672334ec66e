// The NIH reader lists images/ with the one folder walker: a row naming a FIFO and a socket no row names are
// quarantined as NOT_REGULAR_FILE (never handed to the importer, whose open of a FIFO would block).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNihDataset } from '../../../../src-worker/datasets/formats/readNihDataset';
import { type RecordEvent } from '../../../../src-worker/datasets/formats/recordEvent';
import { sharedDataDir } from '../../../helpers/paths';

const nih = path.join(sharedDataDir, 'nih-cxr14-subset-64px');
let root: string;
let server: net.Server;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-nih-special-'));
  fs.mkdirSync(path.join(root, 'images'));
  const lines = fs.readFileSync(path.join(nih, 'Data_Entry_2017_subset.csv'), 'utf8').split('\n');
  const rows = lines.slice(1, 4);
  for (const row of rows) {
    const name = row.split(',')[0]!;
    fs.symlinkSync(path.join(nih, 'images', name), path.join(root, 'images', name));
  }
  // A fourth row whose image is a FIFO.
  rows.push(rows[0]!.replace(/^[^,]+/, '99999999_000.png'));
  execFileSync('mkfifo', [path.join(root, 'images', '99999999_000.png')]);
  fs.writeFileSync(path.join(root, 'Data_Entry_2017_subset.csv'), `${[lines[0], ...rows].join('\n')}\n`);
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(root, 'images', 'sock'), resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('readNihDataset with special files in images/', () => {
  it.skipIf(!fs.existsSync(nih))('quarantines the FIFO a row names and the socket no row names; the other rows are records', async () => {
    const source = await readNihDataset(root);
    const events: RecordEvent[] = [];
    for await (const e of source.events) events.push(e);
    const records = events.flatMap((e) => (e.kind === 'record' ? [e.record.sourcePath] : []));
    const quarantined = events.flatMap((e) => (e.kind === 'quarantine' ? [e.entry] : []));
    expect(records).toHaveLength(3);
    expect(quarantined).toEqual([
      {
        sourcePath: 'images/99999999_000.png',
        code: 'NOT_REGULAR_FILE',
        message: 'images/99999999_000.png: a FIFO (named pipe); not read',
      },
      { sourcePath: 'images/sock', code: 'NOT_REGULAR_FILE', message: 'images/sock: a socket; not read' },
    ]);
  });
});
