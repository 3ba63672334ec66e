import { describe, expect, it } from 'vitest';
import { evaluateOod } from '../../../src-core/metrics/ood/evaluateOod';
import { createRng } from '../../../src-core/random/createRng';
import { bootstrapOodEvaluation } from '../../../src-main/evaluation/bootstrapOodEvaluation';

const rng = createRng(11);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
const id = Float64Array.from({ length: 80 }, () => Math.round(normal() * 4) / 4);
const ood = Float64Array.from({ length: 30 }, () => Math.round((normal() + 1) * 4) / 4);

describe('bootstrapOodEvaluation', () => {
  it('point estimates are evaluateOod on the original sets', () => {
    const r = bootstrapOodEvaluation(id, ood, { resamples: 1000, seed: 1 });
    const p = evaluateOod(id, ood);
    expect(r.auroc.value).toBe(p.auroc);
    expect(r.fprAt95Tpr.value).toBe(p.fprAt95Tpr);
    expect(r.auroc.ci95[0]).toBeLessThan(p.auroc);
    expect(r.auroc.ci95[1]).toBeGreaterThan(p.auroc);
    expect(r.auroc.undefinedResamples).toBe(0);
  });

  it('each resample equals evaluateOod on the materialised resample (ID and OOD drawn independently, sizes kept)', () => {
    // Replays the same draws: one resample's CI collapses to its value, which must match an explicit evaluation.
    const r = bootstrapOodEvaluation(id, ood, { resamples: 1, seed: 5 });
    const draw = createRng(5);
    const idSample = Float64Array.from({ length: id.length }, () => id[draw.nextInt(id.length)]!);
    const oodSample = Float64Array.from({ length: ood.length }, () => ood[draw.nextInt(ood.length)]!);
    const explicit = evaluateOod(idSample, oodSample);
    expect(r.auroc.ci95[0]).toBeCloseTo(explicit.auroc, 12);
    expect(r.fprAt95Tpr.ci95[0]).toBeCloseTo(explicit.fprAt95Tpr, 12);
  });

  it('is deterministic for a seed and separates well-separated sets with a tight interval', () => {
    expect(bootstrapOodEvaluation(id, ood, { resamples: 1000, seed: 2 })).toEqual(
      bootstrapOodEvaluation(id, ood, { resamples: 1000, seed: 2 }),
    );
    const far = ood.map((v) => v + 20);
    const r = bootstrapOodEvaluation(id, far, { resamples: 1000, seed: 2 });
    expect(r.auroc.ci95).toEqual([1, 1]);
    expect(r.fprAt95Tpr.value).toBe(0);
  });
});
