// kill -9 while a process is writing: the store reopens with integrity_check = ok and every
// write the writer acknowledged (printed after commit) is there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/openStore';
import { repoRoot } from '../../helpers/paths';

function writeUntilKilled(dataDir: string, afterMs: number): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn('node', ['--import', 'tsx', path.join(repoRoot, 'test/main/store/storeWriter.child.ts'), dataDir], {
      cwd: repoRoot,
    });
    let buffer = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (!started) {
        started = true;
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.on('exit', () => resolve(buffer.split('\n').slice(0, -1)));
  });
}

describe('store crash safety', () => {
  it('survives repeated kill -9 mid-transaction without losing acknowledged writes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-crash-'));
    const acknowledged: string[] = [];
    for (const delay of [40, 120, 75]) acknowledged.push(...(await writeUntilKilled(dataDir, delay)));
    expect(acknowledged.length).toBeGreaterThan(10);
    const store = openStore({ dataDir });
    try {
      expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
      const ids = new Set((store.sqlite.prepare('select id from job_runs').all() as Array<{ id: string }>).map((row) => row.id));
      const lost = acknowledged.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
    } finally {
      store.close();
    }
  });
});
