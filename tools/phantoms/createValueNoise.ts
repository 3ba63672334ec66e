/** Smooth value noise in [0, 1] (two octaves of bilinear-interpolated random grids): lung markings and patchiness. */
import type { Random } from '../../src-core/random/createRng';

export type Noise2D = (x: number, y: number) => number;

export function createValueNoise(random: Random, cells = 12): Noise2D {
  const octaves = [cells, cells * 3].map((n) => {
    const grid = new Float32Array((n + 1) * (n + 1));
    for (let i = 0; i < grid.length; i++) grid[i] = random();
    return { n, grid };
  });
  const [coarse, fine] = octaves as [Octave, Octave];
  // Second octave at half weight: (coarse + fine / 2) / 1.5.
  return (x, y) => (sample(coarse, x, y) + 0.5 * sample(fine, x, y)) / 1.5;
}

interface Octave {
  n: number;
  grid: Float32Array;
}

function sample({ n, grid }: Octave, x: number, y: number): number {
  const gx = Math.min(Math.max(x, 0), 1) * n;
  const gy = Math.min(Math.max(y, 0), 1) * n;
  const ix = Math.min(Math.floor(gx), n - 1);
  const iy = Math.min(Math.floor(gy), n - 1);
  const fx = gx - ix;
  const fy = gy - iy;
  const row = n + 1;
  const i00 = iy * row + ix;
  const top = (grid[i00] as number) * (1 - fx) + (grid[i00 + 1] as number) * fx;
  const bottom = (grid[i00 + row] as number) * (1 - fx) + (grid[i00 + row + 1] as number) * fx;
  return top * (1 - fy) + bottom * fy;
}
