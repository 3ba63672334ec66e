// Several processes opening the same fresh data directory at once all succeed (migrations race).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/openStore';
import { repoRoot } from '../../helpers/paths';

const opener =
  "import { openStore } from './src-main/store/openStore.ts'; const s = openStore({ dataDir: process.argv[1] }); s.close(); console.log('ok');";

function openInChild(dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', ['--import', 'tsx', '--input-type=module', '-e', opener, dataDir], { cwd: repoRoot });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('openStore on a fresh directory', () => {
  it('lets six processes open and migrate it at the same time', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-open-race-'));
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => openInChild(dataDir)));
    for (const result of results) expect(result, result.output).toMatchObject({ code: 0 });
    const store = openStore({ dataDir });
    try {
      expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  });
});
