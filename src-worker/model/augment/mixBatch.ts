/**
 * Batch-level mixup and CutMix for multi-label targets: the batch is mixed with a permutation of itself,
 * targets become λ·y + (1−λ)·y_perm, and a label's mask is known only where both partners' labels are known.
 * With both enabled, each batch picks one at random.
 */
import type { Rng } from '../../../src-core/random/createRng';
import { shuffleInPlace } from '../../../src-core/random/shuffleInPlace';
import { sampleBeta } from './sampleBeta';

export interface Batch {
  pixels: Float32Array; // [B, H, W]
  targets: Float32Array; // [B, C]
  mask: Float32Array; // [B, C]
}

export function mixBatch(
  batch: Batch,
  B: number,
  H: number,
  W: number,
  C: number,
  mixupAlpha: number,
  cutmixAlpha: number,
  rng: Rng,
): Batch {
  if (mixupAlpha <= 0 && cutmixAlpha <= 0) return batch;
  const useCutmix = cutmixAlpha > 0 && (mixupAlpha <= 0 || rng.nextFloat() < 0.5);
  let lambda = sampleBeta(useCutmix ? cutmixAlpha : mixupAlpha, rng);
  const perm = shuffleInPlace(
    Array.from({ length: B }, (_, i) => i),
    rng,
  );
  const pixels = new Float32Array(batch.pixels.length);
  const HW = H * W;
  if (useCutmix) {
    const cutH = Math.round(H * Math.sqrt(1 - lambda));
    const cutW = Math.round(W * Math.sqrt(1 - lambda));
    const cy = rng.nextInt(H);
    const cx = rng.nextInt(W);
    const y0 = Math.max(cy - (cutH >> 1), 0);
    const y1 = Math.min(cy + cutH - (cutH >> 1), H);
    const x0 = Math.max(cx - (cutW >> 1), 0);
    const x1 = Math.min(cx + cutW - (cutW >> 1), W);
    lambda = 1 - ((y1 - y0) * (x1 - x0)) / HW; // the box is clipped at the border: use the true area
    for (let b = 0; b < B; b++) {
      const o = perm[b]!;
      pixels.set(batch.pixels.subarray(b * HW, (b + 1) * HW), b * HW);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) pixels[b * HW + y * W + x] = batch.pixels[o * HW + y * W + x]!;
    }
  } else {
    for (let b = 0; b < B; b++) {
      const o = perm[b]!;
      for (let i = 0; i < HW; i++) pixels[b * HW + i] = lambda * batch.pixels[b * HW + i]! + (1 - lambda) * batch.pixels[o * HW + i]!;
    }
  }
  const targets = new Float32Array(B * C);
  const mask = new Float32Array(B * C);
  for (let b = 0; b < B; b++) {
    const o = perm[b]!;
    for (let c = 0; c < C; c++) {
      targets[b * C + c] = lambda * batch.targets[b * C + c]! + (1 - lambda) * batch.targets[o * C + c]!;
      mask[b * C + c] = batch.mask[b * C + c]! * batch.mask[o * C + c]!;
    }
  }
  return { pixels, targets, mask };
}
