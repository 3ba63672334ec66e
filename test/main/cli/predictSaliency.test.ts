// `hilum predict --saliency <finding|top> --saliency-method occlusion|attention`: one PNG overlay per input for the named (or top)
// finding, through the worker pool; a method that does not exist is a usage error before anything is predicted.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../../src-main/cli/commands/predict';
import { sharedDataDir } from '../../helpers/paths';
import { runCommandInProcess } from '../../helpers/runCommandInProcess';
import { makeMicroBundle, nihDir } from '../bundle/makeMicroBundle';

let root: string;
let bundleDir: string;
const png = path.join(nihDir, '00000001_000.png');
const crChest = path.join(sharedDataDir, 'dicom/fo-dicom/CR-MONO1-10-chest');

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hilum-predict-saliency-'));
  bundleDir = (await makeMicroBundle(path.join(root, 'bundle'))).dir;
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Output {
  results: { input: string; labels: Record<string, { probability: number }> }[];
  saliency: { input: string; method: string; finding: string; probability: number; peak: number; pngFile: string }[];
}

const predict = async (...args: string[]) => {
  const r = await runCommandInProcess(register, [
    '--json',
    '--data-dir',
    path.join(root, 'data'),
    'predict',
    '--allow-unlocked',
    '--bundle',
    bundleDir,
    ...args,
  ]);
  return { ...r, out: r.stdout ? (JSON.parse(r.stdout) as Output) : null };
};

describe('hilum predict --saliency', () => {
  it('writes an occlusion overlay per input for each input’s top finding, and an attention overlay for a named finding', async () => {
    const dir = path.join(root, 'top');
    const top = await predict('--saliency', 'top', '--saliency-dir', dir, png, crChest);
    expect(top.exitCode ?? 0).toBe(0);
    const out = top.out!;
    expect(out.saliency.map((s) => s.input)).toEqual([png, crChest]);
    out.saliency.forEach((s, i) => {
      const labels = out.results[i]!.labels;
      const best = Object.entries(labels).sort((a, b) => b[1].probability - a[1].probability)[0]!;
      expect(s).toMatchObject({ method: 'occlusion', finding: best[0] });
      expect(s.probability).toBeCloseTo(best[1].probability, 5);
      expect(path.dirname(s.pngFile)).toBe(dir);
      expect(PNG.sync.read(readFileSync(s.pngFile)).width).toBe(256);
      // Unlocked model: the overlay itself says research use.
      expect(readFileSync(s.pngFile).includes(Buffer.from('NOT LOCKED'))).toBe(true);
    });
    const named = await predict('--saliency', 'Hernia', '--saliency-method', 'attention', '--saliency-dir', dir, png);
    expect(named.out!.saliency).toEqual([expect.objectContaining({ method: 'attention', finding: 'Hernia', peak: expect.closeTo(1, 5) })]);
    expect(named.out!.saliency[0]!.pngFile).toMatch(/\.attention-Hernia\.png$/);
  }, 120_000);

  it('refuses an unknown method before predicting (a usage error, no files)', async () => {
    const dir = path.join(root, 'none');
    // In process the typed error reaches the caller; the bin maps INVALID_ARGUMENT to exit code 2.
    await expect(predict('--saliency', 'top', '--saliency-method', 'gradcam', '--saliency-dir', dir, png)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('gradcam'),
    });
    expect(existsSync(dir)).toBe(false);
  });
});
