/**
 * Runs the synthetic phantom generator (tools/phantoms/phantomsCli.ts) as a child process and
 * validates the summary it prints. Phantoms are test and demo tooling, not product code: the
 * product never imports tools/ (lint), and the packaged app does not contain them, so the demo
 * reaches the generator across a process boundary, from the source checkout it runs in.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HilumError } from '../../src-core/errors';
import { s, type Infer } from '../../src-core/validate';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const phantomsCliFile = fileURLToPath(new URL('../../tools/phantoms/phantomsCli.ts', import.meta.url));

const phantomsSummary = s.object({
  dir: s.string(),
  files: s.array(s.string()),
  labelsCsv: s.string(),
  mappingFile: s.string(),
  patients: s.number(),
  transferSyntaxes: s.record(s.number()),
  notes: s.array(s.string()),
});
export type PhantomsSummary = Infer<typeof phantomsSummary>;

export interface PhantomsToolOptions {
  dir: string;
  count: number;
  seed: number;
  size: number;
  transcode: boolean;
  /** Built-in synthetic site ids to draw from (all when absent), e.g. internal vs external sites. */
  siteIds?: string[];
}

export async function runPhantomsTool(o: PhantomsToolOptions): Promise<PhantomsSummary> {
  if (!existsSync(phantomsCliFile)) {
    throw new HilumError(
      'UNSUPPORTED',
      `The phantom generator is not here (${phantomsCliFile}): it ships with the source checkout, not the app`,
      {
        file: phantomsCliFile,
      },
    );
  }
  const args = [o.dir, '--count', String(o.count), '--seed', String(o.seed), '--size', String(o.size)];
  if (o.siteIds) args.push('--sites', o.siteIds.join(','));
  if (!o.transcode) args.push('--no-transcode');
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', phantomsCliFile, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (exitCode) =>
      resolve({ code: exitCode, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
  });
  if (code !== 0) {
    const reported = parseToolError(stderr);
    throw new HilumError(
      reported?.code === 'INVALID_ARGUMENT' ? 'INVALID_ARGUMENT' : 'IO_ERROR',
      reported?.message ?? `phantom generator exited with ${code}`,
      {
        file: phantomsCliFile,
        exitCode: code,
        stderr: stderr.slice(-2000),
      },
    );
  }
  let printed: unknown;
  try {
    printed = JSON.parse(stdout);
  } catch {
    throw new HilumError('IO_ERROR', 'phantom generator printed no JSON summary', { file: phantomsCliFile, stdout: stdout.slice(-2000) });
  }
  return phantomsSummary.parse(printed, 'phantoms');
}

function parseToolError(stderr: string): { code: string; message: string } | null {
  const last = stderr.trim().split('\n').pop() ?? '';
  try {
    const e = (JSON.parse(last) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof e?.code === 'string' && typeof e.message === 'string' ? { code: e.code, message: e.message } : null;
  } catch {
    return null;
  }
}
