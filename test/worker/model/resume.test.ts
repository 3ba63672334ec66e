// Resume: a run killed with SIGKILL during epoch 2 and resumed ends with the same weights as an uninterrupted run (cpu).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../../src-core/safetensors/parseSafetensors';
import { parseTrainConfig } from '../../../src-core/model/trainConfig';
import { syntheticSource } from '../../../src-core/model/syntheticSource';
import { trainVit } from '../../../src-worker/model/trainVit';
import { repoRoot } from '../../helpers/paths';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-resume-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rawConfig = (outDir: string): Record<string, unknown> => ({
  model: { preset: 'vit-micro', numClasses: 3, dropPath: 0.1 },
  data: { source: 'synthetic' },
  epochs: 3,
  batchSize: 8,
  microBatch: 4,
  lr: 1e-3,
  ema: 0.9,
  augment: { mixup: 0.2 },
  seed: 11,
  backend: 'cpu',
  outDir,
});

function weightsHash(file: string): string {
  const h = createHash('sha256');
  for (const [n, t] of [...parseSafetensors(readFileSync(file)).tensors].sort(([a], [b]) => (a < b ? -1 : 1)))
    h.update(n).update(new Uint8Array(t.data.buffer));
  return h.digest('hex');
}

/** Runs the child and SIGKILLs it at its first step of epoch index 1 (the second epoch). */
function runAndKill(outDir: string): Promise<{ killedAt: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'test/worker/model/helpers/trainChild.ts'), JSON.stringify(rawConfig(outDir)), '25'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let buf = '';
    let killedAt = -1;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        const e = JSON.parse(l) as { type: string; epoch?: number; step?: number };
        if (e.type === 'step' && e.epoch === 1 && killedAt < 0) {
          killedAt = e.step!;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killedAt > 0) resolve({ killedAt });
      else reject(new Error(`child ended without being killed mid-epoch (code ${code}, signal ${signal}): ${stderr.slice(-2000)}`));
    });
  });
}

describe('resume after kill -9', () => {
  it("reaches the uninterrupted run's final weights exactly", async () => {
    const straight = await trainVit({
      config: parseTrainConfig(rawConfig(path.join(tmp, 'a'))),
      train: syntheticSource(24, 32, 3, 1),
      val: syntheticSource(16, 32, 3, 2),
    });
    const killedDir = path.join(tmp, 'b');
    const { killedAt } = await runAndKill(killedDir);
    expect(killedAt).toBeGreaterThan(3); // 3 steps per epoch: killed inside the second epoch
    expect(existsSync(path.join(killedDir, 'last.json'))).toBe(true);
    const events: string[] = [];
    const resumed = await trainVit({
      config: parseTrainConfig(rawConfig(killedDir)),
      train: syntheticSource(24, 32, 3, 1),
      val: syntheticSource(16, 32, 3, 2),
      onEvent: (e) => events.push(e.type === 'resumed' ? `resumed@${e.epoch}` : e.type),
    });
    expect(events[0]).toBe('resumed@1');
    expect(resumed.history).toHaveLength(3);
    expect(weightsHash(resumed.lastWeights)).toBe(weightsHash(straight.lastWeights));
    expect(resumed.history.map((h) => h.valMacroAuroc)).toEqual(straight.history.map((h) => h.valMacroAuroc));
  }, 120_000);
});
