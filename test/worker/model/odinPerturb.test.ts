// ODIN perturbation: the step follows the sign of the finite-difference gradient of log σ(z_{l*}/T)
// (an autodiff-independent check) and raises that objective; ε = 0 leaves the input unchanged.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalShapes } from '../../../src-core/model/canonicalShapes';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { createRng } from '../../../src-core/random/createRng';
import { selectBackend } from '../../../src-worker/model/backends';
import { gaussian } from '../../../src-worker/model/initVitParams';
import { odinPerturb } from '../../../src-worker/model/odinPerturb';
import { VitModel } from '../../../src-worker/model/VitModel';

const T = 2;
let model: VitModel;
let images: Float32Array[];

const objective = (img: Float32Array, label: number): number =>
  tf.tidy(() => {
    const z = model.forward(tf.tensor4d(img, [1, 1, 32, 32])).logits.dataSync();
    const u = z[label]! / T;
    return -Math.log1p(Math.exp(-u));
  });
const topLabel = (img: Float32Array): number =>
  tf.tidy(() => tf.argMax(model.forward(tf.tensor4d(img, [1, 1, 32, 32])).logits, 1).dataSync()[0]!);

describe('odinPerturb', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
    const config = vitPreset('vit-micro', { numClasses: 3 });
    const rng = createRng(3);
    const tensors = new Map(
      [...canonicalShapes(config)].map(([n, s]) => {
        const size = s.reduce((a, b) => a * b, 1);
        const isNormWeight = n.includes('norm') && n.endsWith('weight');
        return [n, { shape: s, data: Float32Array.from({ length: size }, () => (isNormWeight ? 1 : 0.3 * gaussian(rng))) }];
      }),
    );
    model = VitModel.fromCanonical(config, tensors);
    images = [0, 1, 2].map(() => Float32Array.from({ length: 32 * 32 }, () => gaussian(rng)));
  });

  it('moves each pixel by ±ε in the direction of the finite-difference gradient of log σ(z_{l*}/T)', () => {
    const eps = 0.01;
    const r = odinPerturb(model, images, { epsilon: eps, temperature: T, batchSize: 2 });
    let checked = 0;
    images.forEach((img, i) => {
      const label = topLabel(img);
      const delta = Float32Array.from(r.images[i]!, (v, k) => v - img[k]!);
      for (const d of delta) expect(Math.abs(Math.abs(d) - eps)).toBeLessThan(1e-6);
      // Central differences on the 8 (of 32 probed) pixels with the largest slopes of the objective.
      const h = 1e-2;
      const fd = (k: number) => {
        const up = Float32Array.from(img);
        const down = Float32Array.from(img);
        up[k]! += h;
        down[k]! -= h;
        return (objective(up, label) - objective(down, label)) / (2 * h);
      };
      const grads = Array.from({ length: 32 }, (_, j) => j * 32)
        .map((k) => [k, fd(k)] as const)
        .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
        .slice(0, 8);
      for (const [k, g] of grads) {
        expect(Math.sign(delta[k]!)).toBe(Math.sign(g));
        checked++;
      }
      expect(objective(r.images[i]!, label)).toBeGreaterThan(objective(img, label));
    });
    expect(checked).toBe(24);
  });

  it('ε = 0 returns the input and its logits', () => {
    const r = odinPerturb(model, images.slice(0, 1), { epsilon: 0, temperature: T });
    expect(Array.from(r.images[0]!)).toEqual(Array.from(images[0]!));
    const z = tf.tidy(() => model.forward(tf.tensor4d(images[0]!, [1, 1, 32, 32])).logits.dataSync() as Float32Array);
    for (let c = 0; c < 3; c++) expect(r.logits[c]).toBeCloseTo(z[c]!, 5);
  });
});
