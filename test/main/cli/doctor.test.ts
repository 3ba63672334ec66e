// `hilum doctor --json` through the real bin entry, as a user or CI would run it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/paths';

const run = promisify(execFile);
const hilum = path.join(repoRoot, 'bin/hilum.mjs');

describe('hilum doctor', () => {
  it('prints one JSON object with the documented keys', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-doctor-'));
    const { stdout } = await run('node', [hilum, 'doctor', '--json', '--data-dir', dataDir], { cwd: repoRoot });
    const report = JSON.parse(stdout);
    for (const key of ['node', 'tfjsBackends', 'onnxRuntime', 'sqlite', 'dataDir', 'electronBinary']) expect(report).toHaveProperty(key);
    expect(report.node).toBe(process.version);
    expect(report.dataDir).toBe(dataDir);
    expect(report.tfjsBackends.map((b: { name: string }) => b.name)).toEqual(['tensorflow', 'webgpu', 'wasm', 'cpu']);
    expect(report.tfjsBackends.find((b: { name: string }) => b.name === 'cpu').available).toBe(true);
    expect(report.onnxRuntime.executionProviders.find((p: { name: string }) => p.name === 'cpu').available).toBe(true);
    expect(report.sqlite.version).toMatch(/^3\.\d+\.\d+$/);
    expect(fs.existsSync(path.join(dataDir, 'hilum.sqlite'))).toBe(true);
    expect(report.worker.available).toBe(true);
  });

  it('honours HILUM_DATA_DIR and reports usage errors with exit code 2', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-doctor-env-'));
    const { stdout } = await run('node', [hilum, 'doctor', '--json'], { cwd: repoRoot, env: { ...process.env, HILUM_DATA_DIR: dataDir } });
    expect(JSON.parse(stdout).dataDir).toBe(dataDir);
    const failure = await run('node', [hilum, 'no-such-command'], { cwd: repoRoot }).catch((error: { code: number }) => error);
    expect((failure as { code: number }).code).toBe(2);
  });
});
