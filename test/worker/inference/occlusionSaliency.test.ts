// Occlusion saliency per finding: equal to running model.onnx on individually occluded images; on a hand-built model where one region feeds one class, the peak falls on that region for that class only.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrateProbability } from '../../../src-core/bundle';
import { loadBundle } from '../../../src-main/bundle';
import { computeSaliencyMaps } from '../../../src-worker/inference/computeSaliencyMaps';
import { decodeInputImage } from '../../../src-worker/inference/decodeInputImage';
import { occlusionSaliency } from '../../../src-worker/inference/occlusionSaliency';
import { encodeOnnxModel } from '../../../src-worker/onnx/encodeOnnxModel';
import { GraphBuilder } from '../../../src-worker/onnx/GraphBuilder';
import { makeMicroBundle, nihDir } from '../../main/bundle/makeMicroBundle';

let root: string;
let bundle: Awaited<ReturnType<typeof makeMicroBundle>>;
const radiograph = path.join(nihDir, '00000001_000.png');

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hilum-occlusion-'));
  bundle = await makeMicroBundle(path.join(root, 'bundle'));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const verified = () => {
  const b = loadBundle(bundle.dir);
  return { source: b.source, bundleHash: b.bundleHash, spec: b.spec, modelBytes: b.modelBytes };
};

/** The model run by hand on one image whose pixels in [y0, y1) × [x0, x1) are set to 0 (the mean: this bundle normalises with mean 0, std 1). */
async function scoreOccluded(
  session: ort.InferenceSession,
  image: Float32Array,
  label: number,
  box: [number, number, number, number] | null,
) {
  const copy = Float32Array.from(image);
  if (box) for (let y = box[0]; y < box[1]; y++) for (let x = box[2]; x < box[3]; x++) copy[y * 32 + x] = 0;
  const out = await session.run({ pixels: new ort.Tensor('float32', copy, [1, 1, 32, 32]) }, ['logits']);
  return (out.logits!.data as Float32Array)[label]!;
}

describe('computeSaliencyMaps (occlusion)', () => {
  it('equals model.onnx run on individually occluded images, for 1- and 2-patch windows; files and progress', async () => {
    const spec = bundle.spec;
    const pixels = (await decodeInputImage(readFileSync(radiograph), radiograph, spec.preprocessing)).pixels;
    const session = await ort.InferenceSession.create(verified().modelBytes);
    const fractions: number[] = [];
    const mapFile = path.join(root, 'cache', 'map.json');
    const pngFile = path.join(root, 'out', 'overlay.png');
    const one = await computeSaliencyMaps(
      { bundle: verified(), items: [{ file: radiograph, mapFile, pngFile }], finding: 'top', method: 'occlusion', batchSize: 5 },
      { signal: new AbortController().signal, progress: (p) => fractions.push(p.fraction ?? -1) },
    );
    const m = one.maps[0]!;
    const labels = spec.labels.labels;
    const index = labels.indexOf(m.finding);
    const T = spec.calibration.temperatures[m.finding]!;
    // 'top' is the finding with the highest calibrated probability on the unoccluded image.
    const base = await session.run({ pixels: new ort.Tensor('float32', pixels, [1, 1, 32, 32]) }, ['logits']);
    const probs = labels.map((l, i) => calibrateProbability((base.logits!.data as Float32Array)[i]!, spec.calibration.temperatures[l]!));
    expect(index).toBe(probs.indexOf(Math.max(...probs)));
    expect(m.probability).toBeCloseTo(probs[index]!, 5);
    expect(m.grid).toBe(4);
    const z0 = await scoreOccluded(session, pixels, index, null);
    for (const cell of [0, 6, 9, 15]) {
      const [r, c] = [Math.floor(cell / 4) * 8, (cell % 4) * 8];
      const direct = (z0 - (await scoreOccluded(session, pixels, index, [r, r + 8, c, c + 8]))) / T;
      expect(m.values[cell]).toBeCloseTo(direct, 4);
    }
    expect(m.peak).toBe(Math.max(...m.values));
    expect(Math.max(...m.values.map(Math.abs))).toBeGreaterThan(1e-3);
    // 16 windows in batches of 5: 4 batch events, then the input done.
    expect(fractions).toEqual([5 / 16, 10 / 16, 15 / 16, 1, 1]);
    expect(JSON.parse(readFileSync(mapFile, 'utf8'))).toMatchObject({ values: m.values, finding: m.finding, method: 'occlusion' });
    expect(existsSync(pngFile)).toBe(true);

    // 2-patch windows at a 1-patch stride: 3 × 3 positions; a corner cell lies in one window, an inner cell in four.
    const two = await computeSaliencyMaps(
      { bundle: verified(), items: [{ file: radiograph }], finding: m.finding, method: 'occlusion', windowPatches: 2 },
      undefined,
    );
    const w = (r: number, c: number) => scoreOccluded(session, pixels, index, [8 * r, 8 * r + 16, 8 * c, 8 * c + 16]);
    const drop = async (r: number, c: number) => (z0 - (await w(r, c))) / T;
    expect(two.maps[0]!.values[0]).toBeCloseTo(await drop(0, 0), 4);
    const inner = ((await drop(0, 0)) + (await drop(0, 1)) + (await drop(1, 0)) + (await drop(1, 1))) / 4;
    expect(two.maps[0]!.values[5]).toBeCloseTo(inner, 4);
    await session.release();
  }, 60_000);

  it('gives a different map per finding; attention rollout is one map for all findings; an unknown finding is named', async () => {
    const run = (finding: string, method: 'occlusion' | 'attention') =>
      computeSaliencyMaps({ bundle: verified(), items: [{ file: radiograph }], finding, method }).then((r) => r.maps[0]!);
    const [a, b] = [await run('Atelectasis', 'occlusion'), await run('Hernia', 'occlusion')];
    expect(a.finding).toBe('Atelectasis');
    expect(Math.max(...a.values.map((v, i) => Math.abs(v - b.values[i]!)))).toBeGreaterThan(1e-4);
    const [x, y] = [await run('Atelectasis', 'attention'), await run('Hernia', 'attention')];
    expect(x.values).toEqual(y.values);
    expect(x.peak).toBeCloseTo(1, 6);
    expect(x.windowPatches).toBe(0);
    await expect(run('Fracture', 'occlusion')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('"Fracture"'),
    });
  }, 60_000);
});

/** pixels [B,1,32,32] → flatten → MatMul W [1024, 2]: class k sums the pixels of its own 8 × 8 region only. */
function regionModel(regions: [number, number][]): Uint8Array {
  const b = new GraphBuilder();
  const W = new Float32Array(1024 * regions.length);
  regions.forEach(([r, c], k) => {
    for (let y = 8 * r; y < 8 * r + 8; y++) for (let x = 8 * c; x < 8 * c + 8; x++) W[(y * 32 + x) * regions.length + k] = 1;
  });
  const [pixels, logits] = [b.name('pixels'), b.name('logits')];
  const flat = b.op('Reshape', [pixels, b.int64Const('flat_shape', [0, 1024])], 'flat');
  b.op('MatMul', [flat, b.floatConst('W', [1024, regions.length], W)], 'linear', [], [logits]);
  const graph = b.build(
    'regions',
    [{ name: 'pixels', elemType: 'float32', shape: ['batch', 1, 32, 32] }],
    [{ name: 'logits', elemType: 'float32', shape: ['batch', regions.length] }],
  );
  return encodeOnnxModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'test',
    producerVersion: '0',
    docString: '',
    graph,
    metadata: {},
  });
}

describe('occlusionSaliency on a model where one region feeds one class', () => {
  it('peaks on that region for that class and not for the other', async () => {
    const session = await ort.InferenceSession.create(
      regionModel([
        [1, 2],
        [3, 0],
      ]),
    );
    const image = new Float32Array(1024).fill(1);
    const options = { imageSize: 32, patchSize: 8, windowPatches: 1 as const, temperature: 2, offset: 0.3, batchSize: 4 };
    const first = await occlusionSaliency(session, image, { ...options, labelIndex: 0 });
    const second = await occlusionSaliency(session, image, { ...options, labelIndex: 1 });
    // Occluding the region removes 64 ones from the logit: a calibrated drop of 64 / T = 32; elsewhere nothing.
    expect(Array.from(first.map)).toEqual(Array.from({ length: 16 }, (_, i) => (i === 1 * 4 + 2 ? 32 : 0)));
    expect(Array.from(second.map)).toEqual(Array.from({ length: 16 }, (_, i) => (i === 3 * 4 + 0 ? 32 : 0)));
    expect(first.baseScore).toBeCloseTo(64 / 2 + 0.3, 5);
    await session.release();
  });
});
