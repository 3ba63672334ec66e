/** Beta(α, α) draws from the seeded generator (Marsaglia–Tsang gamma), for mixup / CutMix λ. */
import type { Rng } from '../../../src-core/random/createRng';
import { gaussian } from '../initVitParams';

function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * (1 - rng.nextFloat()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gaussian(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.nextFloat();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function sampleBeta(alpha: number, rng: Rng): number {
  const a = sampleGamma(alpha, rng);
  const b = sampleGamma(alpha, rng);
  return a / (a + b);
}
