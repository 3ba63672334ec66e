// Attention rollout computed in the ONNX graph, checked against the PyTorch rollout in makeReference.py; the overlay PNG it feeds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { parseSafetensors } from '../../../src-core/safetensors';
import { renderSaliencyPng } from '../../../src-worker/inference/renderSaliencyPng';
import { createOrtSession } from '../../../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../../../src-worker/onnx/exportOnnx';
import { runVitSession } from '../../../src-worker/onnx/runVitSession';
import { loadReference, maxAbsDiff, onnxFixtureDir } from './onnxFixtures';

describe('attention rollout', () => {
  it('the in-graph rollout matches the PyTorch rollout on real radiographs (vit-micro); the overlay PNG renders', async () => {
    const weights = parseSafetensors(readFileSync(path.join(onnxFixtureDir, 'vit-micro.weights.safetensors'))).tensors;
    const rollout = parseSafetensors(readFileSync(path.join(onnxFixtureDir, 'vit-micro.reference.safetensors'))).tensors.get('rollout')!;
    const ref = loadReference('vit-micro', 32);
    const { bytes } = await exportOnnx(vitPreset('vit-micro'), weights, { attentionOutput: true, saliencyOutput: true });
    const { session } = await createOrtSession(bytes);
    const out = await runVitSession(session, ref.images, 32, { attention: true, saliency: true });
    await session.release();
    expect(maxAbsDiff(out.saliency!, rollout.data)).toBeLessThanOrEqual(1e-5); // in-graph rollout
    const r0 = { map: out.saliency!.slice(0, 16), grid: 4 }; // image 0's 4 × 4 patch map, max 1
    expect(Math.max(...r0.map)).toBeCloseTo(1, 6);
    const png = PNG.sync.read(renderSaliencyPng(ref.images[0]!, 32, r0.map, r0.grid));
    expect([png.width, png.height]).toEqual([256, 256]);
    // The centre of the brightest heat cell is tinted (red > blue); the centre of a cell below 0.2 stays grey.
    const centre = (cell: number): number => 4 * ((Math.floor(cell / 4) * 64 + 32) * 256 + (cell % 4) * 64 + 32);
    const hot = centre(r0.map.indexOf(1));
    expect(png.data[hot]!).toBeGreaterThan(png.data[hot + 2]!);
    const coldCell = Array.from(r0.map).findIndex(
      (v, c) => v < 0.2 && [c - 1, c + 1, c - 4, c + 4].every((n) => n < 0 || n > 15 || r0.map[n]! < 0.2),
    );
    if (coldCell >= 0) {
      const cold = centre(coldCell);
      expect(png.data[cold]).toBe(png.data[cold + 2]);
    }
  });
});
