import * as ort from 'onnxruntime-node';
import { vitPreset } from '../src-core/model/vitConfig';
import { exportOnnx } from '../src-worker/onnx/exportOnnx';
import { hashedVitWeights } from '../test/fixtures/onnx/hashedVitWeights';
const sal = process.argv[2] === '1';
const c = vitPreset('vit-b16', { imageSize: 512 });
const w = hashedVitWeights(c);
const { bytes } = await exportOnnx(c, w, { saliencyOutput: sal });
w.clear();
const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2, executionProviders: ['cpu'] });
const before = process.resourceUsage().maxRSS / 1024;
const x = new ort.Tensor('float32', new Float32Array(2 * 512 * 512).fill(0.3), [2, 1, 512, 512]);
const ms = [];
for (let i = 0; i < 3; i++) { const t0 = performance.now(); await s.run({ pixels: x }, ['logits', 'features']); ms.push(performance.now() - t0); }
console.log(JSON.stringify({ sal, rssAfterCreate: before, peak: process.resourceUsage().maxRSS / 1024, ms }));
