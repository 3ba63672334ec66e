// Gradient check: analytic gradients of the whole vit-micro (custom matMul gradient, LayerNorm, GELU, attention,
// masked BCE) agree with central finite differences (4th-order stencil) to 1e-3 relative on the cpu backend.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalShapes } from '../../../src-core/model/canonicalShapes';
import { defaultLoss } from '../../../src-core/model/trainConfig';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { createRng } from '../../../src-core/random/createRng';
import { selectBackend } from '../../../src-worker/model/backends';
import { gaussian } from '../../../src-worker/model/initVitParams';
import { multiLabelLoss } from '../../../src-worker/model/losses';
import { VitModel } from '../../../src-worker/model/VitModel';

describe('gradient check (vit-micro, cpu)', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('matches finite differences on the largest-gradient coordinates of every tensor', () => {
    const config = vitPreset('vit-micro', { numClasses: 3 });
    const rng = createRng(7);
    // Larger-than-default weights so attention and GELU work away from their linear regime.
    const tensors = new Map(
      [...canonicalShapes(config)].map(([n, s]) => {
        const size = s.reduce((a, b) => a * b, 1);
        const scale = n.includes('norm') && n.endsWith('weight') ? 0 : 0.3;
        const data = Float32Array.from(
          { length: size },
          () => (n.includes('norm') && n.endsWith('weight') ? 1 : 0) + scale * gaussian(rng),
        );
        return [n, { shape: s, data }];
      }),
    );
    const model = VitModel.fromCanonical(config, tensors);
    const x = tf.tensor4d(
      Float32Array.from({ length: 2 * 32 * 32 }, () => gaussian(rng)),
      [2, 1, 32, 32],
    );
    const y = tf.tensor2d([1, 0, 1, 0, 1, 0], [2, 3]);
    const mask = tf.tensor2d([1, 1, 1, 1, 0, 1], [2, 3]);
    const lossFn = (): tf.Scalar => multiLabelLoss(model.forward(x).logits, y, mask, defaultLoss);
    const lossValue = (): number => tf.tidy(() => lossFn().dataSync()[0]!);
    const vars = [...model.params.values()];
    const { grads, value } = tf.variableGrads(lossFn, vars);
    value.dispose();
    const h = 3e-3;
    let checked = 0;
    for (const [name, v] of model.params) {
      const g = grads[v.name]!.dataSync();
      // the two largest-magnitude coordinates of this tensor
      const order = Array.from(g.keys())
        .sort((a, b) => Math.abs(g[b]!) - Math.abs(g[a]!))
        .slice(0, 2);
      const base = v.dataSync().slice() as Float32Array;
      for (const i of order) {
        const at = (delta: number): number => {
          const w = base.slice();
          w[i] = base[i]! + delta;
          const t = tf.tensor(w, v.shape);
          v.assign(t);
          t.dispose();
          return lossValue();
        };
        const fd = (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
        const restore = tf.tensor(base, v.shape);
        v.assign(restore);
        restore.dispose();
        const rel = Math.abs(fd - g[i]!) / Math.max(Math.abs(fd), Math.abs(g[i]!));
        expect(rel, `${name}[${i}] analytic ${g[i]} vs numeric ${fd}`).toBeLessThan(1e-3);
        checked++;
      }
    }
    expect(checked).toBe(2 * model.params.size);
    for (const t of Object.values(grads)) t.dispose();
    model.dispose();
  });

  it('wasm gives the same gradients as cpu (custom matMul gradient, no transposed matMul)', async () => {
    const config = vitPreset('vit-micro', { numClasses: 3 });
    const rng = createRng(9);
    const tensors = new Map(
      [...canonicalShapes(config)].map(([n, s]) => [
        n,
        {
          shape: s,
          data: Float32Array.from(
            { length: s.reduce((a, b) => a * b, 1) },
            () => (n.includes('norm') && n.endsWith('weight') ? 1 : 0) + 0.2 * gaussian(rng),
          ),
        },
      ]),
    );
    const xData = Float32Array.from({ length: 2 * 32 * 32 }, () => gaussian(rng));
    const gradsOn = async (backend: 'cpu' | 'wasm'): Promise<Map<string, Float32Array>> => {
      await selectBackend(backend);
      const model = VitModel.fromCanonical(config, tensors);
      const x = tf.tensor4d(xData, [2, 1, 32, 32]);
      const y = tf.tensor2d([1, 0, 1, 0, 1, 0], [2, 3]);
      const { grads, value } = tf.variableGrads(
        () => multiLabelLoss(model.forward(x).logits, y, tf.onesLike(y) as tf.Tensor2D, defaultLoss),
        [...model.params.values()],
      );
      const out = new Map([...model.params].map(([n, v]) => [n, grads[v.name]!.dataSync() as Float32Array]));
      for (const t of [value, x, y, ...Object.values(grads)]) t.dispose();
      model.dispose();
      return out;
    };
    const cpu = await gradsOn('cpu');
    const wasm = await gradsOn('wasm');
    for (const [n, g] of cpu) {
      const w = wasm.get(n)!;
      const scale = Math.max(...g.map(Math.abs));
      let maxDiff = 0;
      g.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - w[i]!))));
      expect(maxDiff / scale, n).toBeLessThan(1e-4);
    }
    await selectBackend('cpu');
  });
});
