// The single-op LayerNorm and exact GELU (hand-written gradients): values and gradients against autograd through
// the elementary-op composition (the reference, cpu), against central finite differences, and wasm against cpu.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src-core/random/createRng';
import { selectBackend } from '../../../src-worker/model/backends';
import { gaussian } from '../../../src-worker/model/initVitParams';
import { geluExact, layerNorm, type Params, useFusedNormAndGelu } from '../../../src-worker/model/vitLayers';

const rng = createRng(21);
const randn = (n: number, scale = 1, shift = 0): Float32Array => Float32Array.from({ length: n }, () => shift + scale * gaussian(rng));
const X = { shape: [2, 3, 8], data: randn(48, 1.5, 0.3) };
const W = randn(8, 0.5, 1);
const B = randn(8, 0.5);
/** A fixed random projection of the output, so every output element matters to the scalar. */
const PROJ = randn(48);

type Which = 'ln' | 'gelu';

/** Scalar Σ proj · op(x) and its gradients with respect to x (and w, b for LayerNorm), on the current backend. */
function run(which: Which, fused: boolean, x: Float32Array = X.data): { value: number; grads: Float32Array[] } {
  const was = useFusedNormAndGelu(fused);
  try {
    return tf.tidy(() => {
      const w = tf.variable(tf.tensor1d(W), true, `w${Math.random()}`);
      const b = tf.variable(tf.tensor1d(B), true, `b${Math.random()}`);
      const params: Params = new Map([
        ['n.weight', w],
        ['n.bias', b],
      ]);
      const xt = tf.tensor(x, X.shape);
      const proj = tf.tensor(PROJ, X.shape);
      const f = (xx: tf.Tensor): tf.Scalar => tf.sum(tf.mul(which === 'ln' ? layerNorm(xx, params, 'n', 1e-6) : geluExact(xx), proj));
      const { value, grads } = tf.valueAndGrads((xx: tf.Tensor) => f(xx))([xt]);
      const out = [grads[0]!.dataSync() as Float32Array];
      if (which === 'ln') {
        const vg = tf.variableGrads(() => f(xt), [w, b]);
        out.push(vg.grads[w.name]!.dataSync() as Float32Array, vg.grads[b.name]!.dataSync() as Float32Array);
      }
      const v = value.dataSync()[0]!;
      w.dispose();
      b.dispose();
      return { value: v, grads: out };
    });
  } finally {
    useFusedNormAndGelu(was);
  }
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  const scale = Math.max(...a.map(Math.abs), 1e-12);
  let d = 0;
  a.forEach((v, i) => (d = Math.max(d, Math.abs(v - b[i]!))));
  return d / scale;
}

describe('fused LayerNorm and GELU', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });
  afterAll(async () => {
    await selectBackend('cpu');
  });

  for (const which of ['ln', 'gelu'] as const) {
    it(`${which}: value and gradients equal autograd through the composite (cpu, 1e-5)`, () => {
      const fused = run(which, true);
      const ref = run(which, false);
      expect(Math.abs(fused.value - ref.value) / Math.abs(ref.value)).toBeLessThan(1e-5);
      fused.grads.forEach((g, k) => expect(maxRelDiff(ref.grads[k]!, g), `gradient ${k}`).toBeLessThan(1e-5));
    });

    it(`${which}: input gradient matches central finite differences (1e-3)`, () => {
      const g = run(which, true).grads[0]!;
      const h = 1e-2;
      for (let i = 0; i < X.data.length; i += 5) {
        const at = (d: number): number => {
          const x = X.data.slice();
          x[i] = X.data[i]! + d;
          return run(which, true, x).value;
        };
        const fd = (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
        expect(Math.abs(fd - g[i]!), `x[${i}] analytic ${g[i]} vs numeric ${fd}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(fd)));
      }
    });

    it(`${which}: wasm gives the same value and gradients as cpu (1e-5)`, async () => {
      const cpu = run(which, true);
      await selectBackend('wasm');
      const wasm = run(which, true);
      await selectBackend('cpu');
      expect(Math.abs(wasm.value - cpu.value) / Math.abs(cpu.value)).toBeLessThan(1e-5);
      wasm.grads.forEach((g, k) => expect(maxRelDiff(cpu.grads[k]!, g), `gradient ${k}`).toBeLessThan(1e-5));
    });
  }
});
