/**
 * Occlusion saliency time per image (one finding, 1-patch windows at a 1-patch stride, batches of 16) for the
 * demo's model (vit-micro family, 64 px, patch 8: 64 windows) and a ViT-S/16 at 224 px (196 windows), with
 * hashed weights (time does not depend on trained values), on one real NIH radiograph. Reference in the same
 * run: one unoccluded forward pass of the same session, so the last line is "occlusion = R forward passes".
 * Usage: npm run bench -- occlusion [rounds=3] [threads=2]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vitPreset, type VitConfig } from '../src-core/model/vitConfig';
import { decodeInputImage } from '../src-worker/inference/decodeInputImage';
import { occlusionSaliency } from '../src-worker/inference/occlusionSaliency';
import { runLogits } from '../src-worker/inference/runLogits';
import { createOrtSession } from '../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../src-worker/onnx/exportOnnx';
import { hashedVitWeights } from '../test/fixtures/onnx/hashedVitWeights';
import { sharedDataDir } from '../test/helpers/paths';
import { medianOf } from './medianOf';

const radiograph = path.join(sharedDataDir, 'nih-cxr14-subset-64px/images/00000001_000.png');
const models: [string, VitConfig][] = [
  ['demo (64 px, patch 8, width 64, depth 3)', { ...vitPreset('vit-micro'), imageSize: 64, patchSize: 8, width: 64, depth: 3, heads: 4 }],
  ['ViT-S/16 (224 px)', vitPreset('vit-s16')],
];

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

export default async function run(args: string[]): Promise<void> {
  const rounds = Number(args[0] ?? 3);
  const threads = Number(args[1] ?? 2);
  console.log(`occlusion saliency, ${threads} ONNX Runtime threads, ${os.availableParallelism()} cores, medians of ${rounds}`);
  console.log('| model | windows | forward pass (ms) | occlusion per image (ms) | ratio | load |');
  console.log('|---|---|---|---|---|---|');
  let last = 0;
  for (const [name, config] of models) {
    const { bytes } = await exportOnnx(config, hashedVitWeights(config));
    const { session } = await createOrtSession(bytes, { threads, providers: ['cpu'] });
    const spec = { imageSize: config.imageSize, aspect: 'pad' as const, voi: 'header' as const, normalization: { mean: 0.5, std: 0.25 } };
    const pixels = (await decodeInputImage(readFileSync(radiograph), radiograph, spec)).pixels.map((v) => (v - 0.5) / 0.25);
    const options = {
      imageSize: config.imageSize,
      patchSize: config.patchSize,
      windowPatches: 1 as const,
      labelIndex: 0,
      temperature: 1,
      offset: 0,
    };
    await runLogits(session, [pixels], config.imageSize); // warm-up
    const forward: number[] = [];
    const occlusion: number[] = [];
    for (let r = 0; r < rounds; r++) {
      forward.push(await timed(() => runLogits(session, [pixels], config.imageSize)));
      occlusion.push(await timed(() => occlusionSaliency(session, pixels, { ...options, batchSize: 16 })));
    }
    const [f, o] = [medianOf(forward), medianOf(occlusion)];
    last = o / f;
    const windows = (config.imageSize / config.patchSize) ** 2;
    console.log(`| ${name} | ${windows} | ${f.toFixed(1)} | ${o.toFixed(0)} | ${last.toFixed(1)} | ${os.loadavg()[0]!.toFixed(2)} |`);
    await session.release();
  }
  console.log(`occlusion map (ViT-S/16) = ${last.toFixed(1)} × one forward pass of the same session`);
}
