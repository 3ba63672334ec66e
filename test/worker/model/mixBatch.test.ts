// mixup and CutMix: the λ that mixed the pixels is the λ that mixed the targets, and λ follows Beta(α, α).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src-core/random/createRng';
import { shuffleInPlace } from '../../../src-core/random/shuffleInPlace';
import { mixBatch, type Batch } from '../../../src-worker/model/augment/mixBatch';
import { sampleBeta } from '../../../src-worker/model/augment/sampleBeta';

const B = 4;
const H = 8;
const W = 8;
const C = 2;

/** Sample b is the constant image b, so each output pixel tells which partner it came from. */
function constantBatch(): Batch {
  const pixels = new Float32Array(B * H * W);
  for (let b = 0; b < B; b++) pixels.fill(b, b * H * W, (b + 1) * H * W);
  return { pixels, targets: Float32Array.from([1, 0, 0, 1, 1, 1, 0, 0]), mask: Float32Array.from([1, 1, 1, 0, 1, 1, 1, 1]) };
}

/** Recovers (λ, partner of each sample) from mixup pixels: p_b = λ·b + (1−λ)·o_b with o a permutation. */
function recoverMixup(out: Batch): { lambda: number; partner: number[] } | null {
  const p = Array.from({ length: B }, (_, b) => out.pixels[b * H * W]!);
  for (let b0 = 0; b0 < B; b0++) {
    for (let o0 = 0; o0 < B; o0++) {
      if (o0 === b0) continue;
      const lambda = (p[b0]! - o0) / (b0 - o0);
      if (!(lambda > 0 && lambda < 1)) continue;
      const partner = p.map((v, b) => Math.round((v - lambda * b) / (1 - lambda)));
      const fits = partner.every((o, b) => o >= 0 && o < B && Math.abs(lambda * b + (1 - lambda) * o - p[b]!) < 1e-5);
      if (fits && new Set(partner).size === B) return { lambda, partner };
    }
  }
  return null; // λ of exactly 0 or 1, or the identity pairing: nothing to recover
}

/** CutMix: the share of sample b's pixels taken from one other sample is 1 − λ. */
function recoverCutmix(out: Batch): { lambda: number; partner: number[] } {
  const partner: number[] = [];
  const shares: number[] = [];
  for (let b = 0; b < B; b++) {
    const img = out.pixels.subarray(b * H * W, (b + 1) * H * W);
    const foreign = [...img].filter((v) => v !== b);
    partner.push(foreign.length ? foreign[0]! : b);
    expect(new Set(foreign).size).toBeLessThanOrEqual(1);
    if (foreign.length) shares.push(foreign.length / (H * W));
  }
  // Every sample with a different partner shows the same box area.
  shares.forEach((s) => expect(s).toBeCloseTo(shares[0]!, 10));
  return { lambda: 1 - (shares[0] ?? 0), partner };
}

function expectTargetsMixedBy(input: Batch, out: Batch, lambda: number, partner: number[]): void {
  for (let b = 0; b < B; b++) {
    const o = partner[b]!;
    for (let c = 0; c < C; c++) {
      expect(out.targets[b * C + c]).toBeCloseTo(lambda * input.targets[b * C + c]! + (1 - lambda) * input.targets[o * C + c]!, 6);
      expect(out.mask[b * C + c]).toBe(input.mask[b * C + c]! * input.mask[o * C + c]!);
    }
  }
}

describe('mixBatch', () => {
  it('mixup: image b is exactly λ·a_b + (1−λ)·a_perm(b), targets likewise, for the λ drawn from the seeded Beta(α, α)', () => {
    // Random images and targets (not constants), and λ and the partner taken from a replay of the same seeded
    // draws (mixup alone: λ ~ Beta(α, α) first, then the permutation), not recovered from the output.
    const noise = createRng(99);
    const input: Batch = {
      pixels: Float32Array.from({ length: B * H * W }, () => noise.nextFloat()),
      targets: Float32Array.from({ length: B * C }, () => (noise.nextFloat() < 0.5 ? 1 : 0)),
      mask: Float32Array.from({ length: B * C }, () => (noise.nextFloat() < 0.8 ? 1 : 0)),
    };
    const HW = H * W;
    for (let seed = 0; seed < 10; seed++) {
      const replay = createRng(seed);
      const lambda = sampleBeta(0.4, replay);
      const perm = shuffleInPlace(
        Array.from({ length: B }, (_, i) => i),
        replay,
      );
      const out = mixBatch(input, B, H, W, C, 0.4, 0, createRng(seed));
      for (let b = 0; b < B; b++) {
        const o = perm[b]!;
        for (let i = 0; i < HW; i++) {
          expect(out.pixels[b * HW + i]).toBeCloseTo(lambda * input.pixels[b * HW + i]! + (1 - lambda) * input.pixels[o * HW + i]!, 6);
        }
        for (let c = 0; c < C; c++) {
          expect(out.targets[b * C + c]).toBeCloseTo(lambda * input.targets[b * C + c]! + (1 - lambda) * input.targets[o * C + c]!, 6);
          expect(out.mask[b * C + c]).toBe(input.mask[b * C + c]! * input.mask[o * C + c]!);
        }
      }
    }
  });

  it('mixup: the pixels and the targets are mixed by the same λ and the same partner', () => {
    const input = constantBatch();
    for (let seed = 0; seed < 20; seed++) {
      const out = mixBatch(input, B, H, W, C, 0.4, 0, createRng(seed));
      const found = recoverMixup(out);
      if (!found) continue;
      expect(found.lambda).toBeGreaterThan(0);
      expect(found.lambda).toBeLessThan(1);
      expectTargetsMixedBy(input, out, found.lambda, found.partner);
    }
  });

  it('CutMix: the targets are mixed by the pasted area, clipped at the border', () => {
    const input = constantBatch();
    let checked = 0;
    for (let seed = 0; seed < 20; seed++) {
      const out = mixBatch(input, B, H, W, C, 0, 1, createRng(seed));
      const { lambda, partner } = recoverCutmix(out);
      if (partner.every((o, b) => o === b)) continue;
      expectTargetsMixedBy(input, out, lambda, partner);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('mixup λ follows Beta(α, α): mean 1/2 and variance 1/(4(2α+1))', () => {
    const alpha = 0.4;
    const input = constantBatch();
    const lambdas: number[] = [];
    for (let seed = 0; seed < 600; seed++) {
      const found = recoverMixup(mixBatch(input, B, H, W, C, alpha, 0, createRng(1000 + seed)));
      if (found) lambdas.push(found.lambda);
    }
    expect(lambdas.length).toBeGreaterThan(500);
    const mean = lambdas.reduce((a, b) => a + b, 0) / lambdas.length;
    const variance = lambdas.reduce((a, b) => a + (b - mean) ** 2, 0) / (lambdas.length - 1);
    // Beta(0.4, 0.4): variance 1/7.2 = 0.139; the standard error of the mean over ~600 draws is about 0.015.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.06);
    expect(variance).toBeGreaterThan(0.139 * 0.8);
    expect(variance).toBeLessThan(0.139 * 1.2);
  });
});
