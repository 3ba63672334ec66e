// Ordinary commands through the bin entry print no native Dawn/Vulkan/Mesa lines on stderr: the automatic backend
// choice never probes WebGPU (only `backend: webgpu` or `hilum doctor` do). Checked against the old selection, which
// probed Dawn and printed "XDG_RUNTIME_DIR is invalid" and "Vulkan shaderUniform*ArrayDynamicIndexing required" here.
// Nor tfjs's "running TensorFlow.js in Node.js" banner, which its cpu backend prints on the first tensor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnHilum } from '../../helpers/spawnHilum';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-quiet-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const nativeNoise = /XDG_RUNTIME_DIR|Vulkan|Dawn|dawn|MESA|lavapipe|WebGPU/;
const tfjsBanner = /TensorFlow\.js in Node|speed things up dramatically/;

describe('no native GPU-probe noise or tfjs banner on stderr', () => {
  it('train --help, a tiny train with the automatic backend choice, and one on the cpu backend', async () => {
    const yaml = path.join(tmp, 'train.yaml');
    // No `backend:`: the run picks the first backend that starts, as a newcomer's config would.
    fs.writeFileSync(
      yaml,
      `model: { preset: vit-micro, numClasses: 2 }\ndata: { source: synthetic, synthetic: { size: 16, valSize: 8, seed: 3 } }\nepochs: 1\nbatchSize: 8\noutDir: ${path.join(tmp, 'run')}\n`,
    );
    const onCpu = path.join(tmp, 'train-cpu.yaml');
    fs.writeFileSync(onCpu, fs.readFileSync(yaml, 'utf8').replace(/outDir: .*/, `backend: cpu\noutDir: ${path.join(tmp, 'run-cpu')}`));
    const [help, train, cpu] = await Promise.all([
      spawnHilum(['train', '--help']),
      spawnHilum(['--json', '--data-dir', path.join(tmp, 'data'), 'train', '--config', yaml]),
      spawnHilum(['--json', '--data-dir', path.join(tmp, 'data-cpu'), 'train', '--config', onCpu]),
    ]);
    expect(cpu.code, cpu.stderr).toBe(0);
    expect(JSON.parse(cpu.stdout)).toMatchObject({ epochsRun: 1, backend: 'cpu' });
    expect(cpu.stderr + cpu.stdout).not.toMatch(tfjsBanner);
    expect(cpu.stderr).not.toMatch(nativeNoise);
    expect(help.code).toBe(0);
    expect(help.stderr).not.toMatch(nativeNoise);
    expect(train.code, train.stderr).toBe(0);
    expect(JSON.parse(train.stdout)).toMatchObject({ epochsRun: 1 });
    expect(JSON.parse(train.stdout).backend).not.toBe('webgpu');
    expect(train.stderr).not.toMatch(nativeNoise);
  }, 180_000);
});
