// The one input-folder walker on a real file system: FIFOs, sockets, devices, link loops and broken links are skipped
// with their typed reason (never opened: a FIFO's open would block this test), links to files and folders are followed.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEntry, describeSkip } from '../../../src-core/files/classifyEntry';
import { countSkips, walkFolder } from '../../../src-core/files/walkFolder';

let root: string;
let server: net.Server;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-walk-'));
  const dir = path.join(root, 'in');
  fs.mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
  fs.mkdirSync(path.join(root, 'elsewhere'));
  fs.writeFileSync(path.join(dir, 'a.png'), 'x');
  fs.writeFileSync(path.join(dir, 'sub', 'b.dcm'), 'x');
  fs.writeFileSync(path.join(dir, 'sub', 'deeper', 'c.jpg'), 'x');
  fs.writeFileSync(path.join(dir, '.DS_Store'), 'x');
  fs.writeFileSync(path.join(root, 'elsewhere', 'd.png'), 'x');
  execFileSync('mkfifo', [path.join(dir, 'pipe.dcm')]);
  execFileSync('mkfifo', [path.join(dir, 'sub', 'pipe2')]);
  fs.symlinkSync('.', path.join(dir, 'sub', 'loop')); // sub/loop → sub: a loop
  fs.symlinkSync('self', path.join(dir, 'self')); // resolves to itself: ELOOP
  fs.symlinkSync(path.join(root, 'nowhere'), path.join(dir, 'broken.png'));
  fs.symlinkSync('/dev/null', path.join(dir, 'null'));
  fs.symlinkSync(path.join(dir, 'pipe.dcm'), path.join(dir, 'to-pipe.png'));
  fs.symlinkSync(path.join(root, 'elsewhere'), path.join(dir, 'linked')); // a link to a folder outside: followed
  fs.symlinkSync(path.join(dir, 'a.png'), path.join(dir, 'z-link.png')); // a link to a file: followed
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(dir, 'sock'), resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('walkFolder', () => {
  it('lists regular files and links to them, and skips every special entry with its typed reason', () => {
    const w = walkFolder(fs, path.join(root, 'in'));
    expect(w.files).toEqual(['a.png', 'linked/d.png', 'sub/b.dcm', 'sub/deeper/c.jpg', 'z-link.png']);
    expect(w.folders).toEqual([]);
    const byPath = Object.fromEntries(w.skipped.map((s) => [s.path, s.reason]));
    expect(byPath).toEqual({
      '.DS_Store': 'hidden',
      'broken.png': 'broken-symlink',
      null: 'device',
      'pipe.dcm': 'fifo',
      self: 'symlink-loop',
      sock: 'socket',
      'sub/loop': 'symlink-loop',
      'sub/pipe2': 'fifo',
      'to-pipe.png': 'fifo',
    });
    expect(countSkips(w.skipped)).toEqual({ hidden: 1, 'broken-symlink': 1, device: 1, fifo: 3, 'symlink-loop': 2, socket: 1 });
  });

  it('stops at maxDepth (folders below are listed, not entered), includes hidden entries on request, and caps files', () => {
    const top = walkFolder(fs, path.join(root, 'in'), { maxDepth: 0, hidden: true });
    expect(top.files).toEqual(['.DS_Store', 'a.png', 'z-link.png']);
    expect(top.folders).toEqual(['linked', 'sub']);
    expect(walkFolder(fs, path.join(root, 'in'), { maxFiles: 2 }).files).toEqual(['a.png', 'linked/d.png']);
  });

  it('refuses a root that is missing, a file or a FIFO, and says why an entry was skipped', () => {
    expect(() => walkFolder(fs, path.join(root, 'missing'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => walkFolder(fs, path.join(root, 'in', 'a.png'))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => walkFolder(fs, path.join(root, 'in', 'pipe.dcm'))).toThrow(expect.objectContaining({ code: 'NOT_REGULAR_FILE' }));
    expect(classifyEntry(fs, path.join(root, 'in', 'sock'))).toMatchObject({ kind: 'skip', reason: 'socket' });
    expect(describeSkip('in/pipe.dcm', 'fifo')).toBe('in/pipe.dcm: a FIFO (named pipe); not read');
  });
});
