/** Smooth value noise in [0, 1] (two octaves of bilinear-interpolated random grids): lung markings and patchiness. */
import type { Random } from '../../../src-core/datasets/seededRandom';

export type Noise2D = (x: number, y: number) => number;

export function createValueNoise(random: Random, cells = 12): Noise2D {
  const octaves = [cells, cells * 3].map((n) => {
    const grid = new Float32Array((n + 1) * (n + 1));
    for (let i = 0; i < grid.length; i++) grid[i] = random();
    return { n, grid };
  });
  return (x, y) => {
    let total = 0;
    let weight = 0;
    let w = 1;
    for (const { n, grid } of octaves) {
      const gx = Math.min(Math.max(x, 0), 1) * n;
      const gy = Math.min(Math.max(y, 0), 1) * n;
      const ix = Math.min(Math.floor(gx), n - 1);
      const iy = Math.min(Math.floor(gy), n - 1);
      const fx = gx - ix;
      const fy = gy - iy;
      const at = (i: number, j: number) => grid[j * (n + 1) + i] as number;
      const top = at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx;
      const bottom = at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx;
      total += w * (top * (1 - fy) + bottom * fy);
      weight += w;
      w *= 0.5;
    }
    return total / weight;
  };
}
