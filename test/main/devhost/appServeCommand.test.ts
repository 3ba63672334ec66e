// `hilum app serve` in a child process: prints one URL on 127.0.0.1 with the token in the fragment; the
// contract answers with that token (and asks for a sign-in) and refuses without it; SIGTERM stops it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/paths';

const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-serve-renderer-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-serve-data-'));
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><p>ui</p>');
afterAll(() => {
  fs.rmSync(rendererDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Registers only the app command on a fresh program (the lead registers it in commands/index.ts).
const script = `
import { Command } from 'commander';
import { register } from './src-main/cli/commands/app.ts';
const program = new Command('hilum').option('--json').option('--data-dir <dir>');
register(program);
await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;

describe('hilum app serve', () => {
  it('serves the contract on loopback with a token', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, '--', 'app', 'serve', '--renderer-dir', rendererDir],
      {
        cwd: repoRoot,
        env: { ...process.env, HILUM_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const parsed = new URL(url);
    const token = parsed.hash.slice('#token='.length);
    const call = (headers: Record<string, string>, channel = 'session.current') =>
      fetch(`${parsed.origin}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect(await (await call({ 'x-hilum-token': token })).json()).toEqual({ ok: true, value: { session: null } });
    // Every channel but the session's own needs a signed-in user, reads included.
    expect(await (await call({ 'x-hilum-token': token }, 'system.info')).json()).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
    expect((await call({})).status).toBe(401);
    expect(stdout.split(token).length - 1).toBe(1);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
