/** Runs the real `bin/hilum.mjs` as a child process (as a user or CI would) and collects its exit code, stdout and stderr. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths';

export interface HilumRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function spawnHilum(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<HilumRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [path.join(repoRoot, 'bin/hilum.mjs'), ...args], { cwd: repoRoot, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
