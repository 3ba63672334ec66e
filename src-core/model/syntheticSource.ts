/**
 * A deterministic toy multi-label data set for tests, demos and benchmarks: label c is positive when a bright
 * square sits in region c of the image (regions are tiled left to right, top to bottom); noise everywhere.
 * A few labels are masked as unknown so the U-Ignore path is exercised.
 */
import { createRng } from '../random/createRng';
import { type DataSource, inMemorySource, type TrainSample } from './dataSource';

export function syntheticSource(size: number, imageSize: number, numClasses: number, seed: number, unknownRate = 0.05): DataSource {
  const rng = createRng(seed);
  const side = Math.ceil(Math.sqrt(numClasses));
  const cell = Math.floor(imageSize / side);
  const samples: TrainSample[] = [];
  for (let i = 0; i < size; i++) {
    const pixels = new Float32Array(imageSize * imageSize);
    for (let p = 0; p < pixels.length; p++) pixels[p] = (rng.nextFloat() - 0.5) * 0.5;
    const targets = new Float32Array(numClasses);
    const mask = new Float32Array(numClasses).fill(1);
    for (let c = 0; c < numClasses; c++) {
      const positive = rng.nextFloat() < 0.4;
      targets[c] = positive ? 1 : 0;
      if (rng.nextFloat() < unknownRate) mask[c] = 0;
      if (!positive) continue;
      const r0 = Math.floor(c / side) * cell;
      const c0 = (c % side) * cell;
      const sq = Math.max(2, Math.floor(cell / 2));
      const oy = r0 + rng.nextInt(cell - sq + 1);
      const ox = c0 + rng.nextInt(cell - sq + 1);
      for (let y = oy; y < oy + sq; y++) for (let x = ox; x < ox + sq; x++) pixels[y * imageSize + x]! += 1;
    }
    samples.push({ pixels, targets, mask });
  }
  return inMemorySource(samples, `synthetic:${size}:${imageSize}:${numClasses}:${seed}:${unknownRate}`);
}
