// CLI: `model predict --input x.npy --json` reproduces PyTorch's logits; `train --config x.yaml` runs and
// reports; bad configs exit with CONFIG_INVALID naming the file and field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register as registerModel } from '../../../../src-main/cli/commands/model';
import { register as registerTrain } from '../../../../src-main/cli/commands/train';
import { readSafetensorsFile } from '../../../../src-worker/model/loadVitWeights';
import { repoRoot, sharedDataDir } from '../../../helpers/paths';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hilum-cli-model-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeNpyF32(file: string, shape: number[], data: Float32Array): void {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = Buffer.alloc(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 10 + header.length);
  writeFileSync(file, out);
}

async function runCli(args: string[]): Promise<{ stdout: string; exitCode: number | undefined; error?: unknown }> {
  const program = new Command('hilum').option('--json').option('--data-dir <dir>').exitOverride();
  registerTrain(program);
  registerModel(program);
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'hilum', ...args, '--data-dir', tmp]);
    return { stdout, exitCode: process.exitCode as number | undefined };
  } catch (error) {
    return { stdout, exitCode: undefined, error };
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
    process.exitCode = undefined;
  }
}

describe('hilum model predict / train', () => {
  it("predict --input follows the weights' 3-class head and matches PyTorch", async () => {
    const ref = readSafetensorsFile(path.join(repoRoot, 'test/fixtures/model/reference.safetensors')).tensors;
    const x = ref.get('x32')!.data.subarray(0, 32 * 32);
    const npy = path.join(tmp, 'x.npy');
    writeNpyF32(npy, [1, 1, 32, 32], x);
    const r = await runCli([
      '--json',
      'model',
      'predict',
      '--config',
      'vit-micro',
      '--weights',
      path.join(repoRoot, 'test/fixtures/model/tv_micro_f16.safetensors'),
      '--input',
      npy,
      '--backend',
      'cpu',
    ]);
    expect(r.error).toBeUndefined();
    const out = JSON.parse(r.stdout) as { logits: number[]; features: number[] };
    expect(out.logits).toHaveLength(3);
    expect(out.features).toHaveLength(32);
    const want = ref.get('tv_logits32')!.data;
    out.logits.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-4));
  });

  it('predict --image decodes a real PNG radiograph (NIH subset) to the model size', async () => {
    const png = path.join(sharedDataDir, 'nih-cxr14-subset-64px/images/00000001_000.png');
    const r = await runCli([
      '--json',
      'model',
      'predict',
      '--config',
      'vit-micro',
      '--weights',
      path.join(repoRoot, 'test/fixtures/model/timm_micro_rgb.safetensors'),
      '--image',
      png,
      '--backend',
      'cpu',
    ]);
    expect(r.error).toBeUndefined();
    const out = JSON.parse(r.stdout) as { logits: number[] };
    expect(out.logits).toHaveLength(3);
    expect(out.logits.every(Number.isFinite)).toBe(true);
    const none = await runCli([
      '--json',
      'model',
      'predict',
      '--config',
      'vit-micro',
      '--weights',
      path.join(repoRoot, 'test/fixtures/model/timm_micro_rgb.safetensors'),
    ]);
    expect(none.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('train --config (YAML) runs and reports; a bad field is CONFIG_INVALID naming file and field', async () => {
    const yaml = path.join(tmp, 'train.yaml');
    writeFileSync(
      yaml,
      `model: { preset: vit-micro, numClasses: 3 }\ndata: { source: synthetic, synthetic: { size: 16, valSize: 16, seed: 1 } }\nepochs: 1\nbatchSize: 8\nmicroBatch: 8\nbackend: cpu\noutDir: ${path.join(tmp, 'run')}\n`,
    );
    const r = await runCli(['--json', 'train', '--config', yaml]);
    expect(r.error).toBeUndefined();
    const out = JSON.parse(r.stdout) as { epochsRun: number; backend: string };
    expect(out).toMatchObject({ epochsRun: 1, backend: 'cpu' });
    const bad = path.join(tmp, 'bad.yaml');
    writeFileSync(bad, `model: { preset: vit-micro }\nepochs: -1\noutDir: /tmp/x\ndata: { source: synthetic }\n`);
    const e = await runCli(['--json', 'train', '--config', bad]);
    expect(e.error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(String((e.error as Error).message)).toMatch(/bad\.yaml: epochs: expected an integer ≥ 1, got -1/);
  }, 60_000);
});
