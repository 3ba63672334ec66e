// FlatParams: variables as one flat vector (read, write back) and micro-batch gradients summed into it, freed at once.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-worker/model/backends';
import { FlatParams } from '../../../src-worker/model/FlatParams';

describe('FlatParams', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('reads, writes back and accumulates in variable order, disposing the summed tensors', () => {
    const a = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]));
    const b = tf.variable(tf.tensor1d([5, 6, 7]));
    const flat = new FlatParams([a, b]);
    expect(flat.total).toBe(7);
    expect(flat.offsets).toEqual([0, 4]);
    const w = flat.read();
    expect([...w]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    w[0] = 10;
    w[6] = -1;
    flat.write(w);
    w[1] = 99; // written values are copies: later edits to the array do not reach the variables
    expect([...a.dataSync()]).toEqual([10, 2, 3, 4]);
    expect([...b.dataSync()]).toEqual([5, 6, -1]);
    const before = tf.memory().numTensors;
    const sum = new Float32Array(7).fill(42);
    flat.accumulate(sum, [tf.ones([2, 2]), tf.fill([3], 2)], true);
    flat.accumulate(sum, [tf.fill([2, 2], 0.5), tf.ones([3])], false);
    expect([...sum]).toEqual([1.5, 1.5, 1.5, 1.5, 3, 3, 3]);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
    b.dispose();
  });
});
