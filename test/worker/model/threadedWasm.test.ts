// The wasm backend on its multi-threaded SIMD build: the requested XNNPACK thread count takes effect (also on a
// 2-core machine, where tfjs's own cap would give 1), results match the cpu backend, a switch with live wasm
// tensors is refused, clones share data, and a process that used the threads exits by itself.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { selectBackend } from '../../../src-worker/model/backends';
import { wasmThreadCount } from '../../../src-worker/model/threadedWasm';
import { repoRoot } from '../../helpers/paths';

function product(): Float32Array {
  return tf.tidy(() => {
    const a = tf.tensor2d(
      Float32Array.from({ length: 257 * 190 }, (_, i) => Math.sin(i)),
      [257, 190],
    );
    const b = tf.tensor2d(
      Float32Array.from({ length: 190 * 131 }, (_, i) => Math.cos(i)),
      [190, 131],
    );
    return tf.matMul(a, b).dataSync() as Float32Array;
  });
}

describe('threaded wasm backend', () => {
  it('runs with the requested threads and matches the cpu backend', async () => {
    await selectBackend('cpu');
    const ref = product();
    for (const threads of [2, 1, 2]) {
      await selectBackend('wasm', { wasmThreads: threads });
      expect(wasmThreadCount()).toBe(threads);
      const got = product();
      let maxDiff = 0;
      got.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - ref[i]!))));
      expect(maxDiff).toBeLessThan(1e-3); // sums of 190 products of magnitude ≤ 1
    }
  });

  it('refuses to switch thread counts while tensors live on wasm', async () => {
    await selectBackend('wasm', { wasmThreads: 2 });
    const live = tf.ones([4]);
    await expect(selectBackend('wasm', { wasmThreads: 1 })).rejects.toBeInstanceOf(HilumError);
    await expect(selectBackend('wasm', { wasmThreads: 9 })).rejects.toBeInstanceOf(HilumError);
    live.dispose();
  });

  it('clones share their data (no copy) and outlive the original', async () => {
    await selectBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const a = tf.tensor1d([1, 2, 3]);
    const ids = backend.numDataIds();
    const b = a.clone();
    expect(backend.numDataIds()).toBe(ids);
    a.dispose();
    expect([...b.dataSync()]).toEqual([1, 2, 3]);
    b.dispose();
    expect(backend.numDataIds()).toBe(ids - 1);
  });

  it('lets a process that used the pool threads exit by itself', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/worker/model/helpers/threadedWasmChild.ts')], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ threads: 2, sum: 300 * 100 * 200 });
  }, 120_000);
});
