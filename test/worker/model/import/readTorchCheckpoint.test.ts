// .pth import through the restricted unpickler: a real torch.save'd ViT-Ti/16 state dict (made at test time by
// test/fixtures/model/make_pth.py with Debian's torch) equals the same weights read from safetensors, dtypes and
// strided views included; a pickle naming os.system is refused before anything runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HilumError } from '../../../../src-core/errors';
import { vitPreset } from '../../../../src-core/model/vitConfig';
import { parseSafetensors } from '../../../../src-core/safetensors/parseSafetensors';
import { readTorchCheckpoint } from '../../../../src-worker/model/import/readTorchCheckpoint';
import { loadVitWeights } from '../../../../src-worker/model/loadVitWeights';
import { repoRoot } from '../../../helpers/paths';

let dir: string;
const python = '/usr/bin/python3';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-pth-'));
  execFileSync(python, [path.join(repoRoot, 'test/fixtures/model/make_pth.py'), dir], { stdio: 'pipe' });
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function expectSameTensors(pth: string, safetensors: string) {
  const fromPth = readTorchCheckpoint(path.join(dir, pth)).tensors;
  const fromSt = parseSafetensors(new Uint8Array(fs.readFileSync(path.join(dir, safetensors)))).tensors;
  expect([...fromPth.keys()].sort()).toEqual([...fromSt.keys()].sort());
  for (const [name, t] of fromSt) {
    const p = fromPth.get(name)!;
    expect(p.shape, name).toEqual(t.shape);
    const bytes = (d: Float32Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    expect(bytes(p.data).equals(bytes(t.data)), name).toBe(true);
  }
  return fromPth;
}

describe.skipIf(!fs.existsSync(python))('.pth checkpoints', () => {
  it('reads a torch.save’d ViT-Ti/16 state dict (nested under "model", a transposed head) exactly as its safetensors copy', () => {
    const tensors = expectSameTensors('vit_ti.pth', 'vit_ti.safetensors');
    expect(tensors.size).toBe(4 + 12 * 12 + 4);
    const r = readTorchCheckpoint(path.join(dir, 'vit_ti.pth'));
    expect(r.notes).toContain('state dict read from the checkpoint\'s "model" entry');
  });

  it('reads float16, bfloat16, float64 and int64 storages and views at an offset', () => {
    expectSameTensors('mixed.pth', 'mixed.safetensors');
  });

  it('builds the same ViT from .pth as from safetensors (initWeights)', () => {
    const config = vitPreset('vit-ti16');
    const a = loadVitWeights(config, path.join(dir, 'vit_ti.pth'));
    const b = loadVitWeights(config, path.join(dir, 'vit_ti.safetensors'));
    try {
      expect(a.report.layout).toBe(b.report.layout);
      const wa = a.model.exportCanonical();
      const wb = b.model.exportCanonical();
      expect([...wa.keys()]).toEqual([...wb.keys()]);
      const bytes = (d: Float32Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);
      for (const [name, t] of wb) expect(bytes(wa.get(name)!.data).equals(bytes(t.data)), name).toBe(true);
    } finally {
      a.model.dispose();
      b.model.dispose();
    }
  }, 60_000);

  it('refuses a pickle that names os.system, naming the global, and runs nothing', () => {
    let error: unknown;
    try {
      readTorchCheckpoint(path.join(dir, 'evil.pth'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HilumError);
    expect((error as HilumError).code).toBe('CHECKPOINT_UNSAFE');
    expect((error as HilumError).details.global).toBe('posix.system');
    expect((error as Error).message).toContain('posix.system');
    expect(fs.existsSync(path.join(dir, 'PWNED'))).toBe(false);
    expect(() => loadVitWeights(vitPreset('vit-micro'), path.join(dir, 'evil.pth'))).toThrow(/posix\.system/);
  });
});
