// The evaluation.oodHistograms job's computation: shared bins over every set, nulls (non-finite scores) skipped, and
// the fraction each threshold flags counted by hand (> for the operating threshold, ≥ for a 95 %-TPR one).
import { describe, expect, it } from 'vitest';
import { oodHistogramsOfScores } from '../../../src-core/charts/oodHistogramsOfScores';

describe('oodHistogramsOfScores', () => {
  it('bins every set on shared edges and counts the flags of each threshold per set', () => {
    const { histograms } = oodHistogramsOfScores({
      detectors: [
        {
          detector: 'energy',
          sets: [
            { name: 'in-distribution', scores: [1, 2, 2, 3, null] },
            { name: 'near', scores: [3, 4, 5, 6] },
          ],
          thresholds: [
            { name: 'operating threshold', kind: 'operating', set: null, value: 3, inclusive: false },
            { name: '95 % TPR on near', kind: 'tpr95', set: 'near', value: 3, inclusive: true },
          ],
        },
      ],
    });
    const h = histograms[0]!;
    expect(h.sets.map((s) => [s.name, s.cases])).toEqual([
      ['in-distribution', 4],
      ['near', 4],
    ]);
    for (const s of h.sets) expect(s.density.reduce((a, d) => a + d * h.width, 0)).toBeCloseTo(1, 4);
    expect(h.thresholds.map((t) => t.flagged.map((f) => f.fraction))).toEqual([
      [0, 0.75],
      [0.25, 1],
    ]);
  });
});
