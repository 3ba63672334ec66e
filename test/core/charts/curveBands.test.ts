// ROC / PR on a grid with bootstrap bands, against the sklearn fixture (test/fixtures/charts/curves.json: roc_curve and
// precision_recall_curve of the same scores): the full-sample grid curve is the vertical average of sklearn's vertices.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { curveBands } from '../../../src-core/charts/curveBands';
import { repoRoot } from '../../helpers/paths';

const fixture = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/charts/curves.json'), 'utf8')) as {
  scores: number[];
  labels: number[];
  fpr: number[];
  tpr: number[];
  precision: number[];
  recall: number[];
  auroc: number;
};

describe('curveBands', () => {
  const bands = curveBands(fixture.scores, fixture.labels, { resamples: 300, seed: 7 });

  it('the full-sample ROC on the grid is the highest sklearn TPR reached at FPR ≤ x; PR the highest precision at recall ≥ r', () => {
    bands.roc.grid.forEach((x, g) => {
      const expected = Math.max(...fixture.fpr.map((f, k) => (f <= x + 1e-12 ? fixture.tpr[k]! : 0)));
      expect(bands.roc.value[g]).toBeCloseTo(expected, 4);
    });
    bands.pr.grid.forEach((r, g) => {
      const expected = Math.max(...fixture.recall.map((rc, k) => (rc >= r - 1e-12 && rc > 0 ? fixture.precision[k]! : 0)));
      expect(bands.pr.value[g]).toBeCloseTo(expected, 4);
    });
    // The area under the vertically averaged grid curve approaches the AUROC.
    const area = bands.roc.value.slice(1).reduce((a, v, g) => a + ((v + bands.roc.value[g]!) / 2) * 0.01, 0);
    expect(Math.abs(area - fixture.auroc)).toBeLessThan(0.02);
  });

  it('the band holds the curve, is wider where cases are few, and is the same for the same seed', () => {
    const inside = bands.roc.value.filter((v, g) => bands.roc.lower[g]! <= v + 1e-9 && v <= bands.roc.upper[g]! + 1e-9).length;
    expect(inside / bands.roc.value.length).toBeGreaterThan(0.95);
    const mid = bands.roc.grid.indexOf(0.2);
    expect(bands.roc.upper[mid]! - bands.roc.lower[mid]!).toBeGreaterThan(0.02);
    expect(curveBands(fixture.scores, fixture.labels, { resamples: 300, seed: 7 })).toEqual(bands);
    expect(curveBands(fixture.scores, fixture.labels, { resamples: 300, seed: 8 }).roc.lower).not.toEqual(bands.roc.lower);
  });

  it('resamples patients whole: one patient per case gives the case bootstrap; a label without negatives has no curve', () => {
    const perCase = curveBands(fixture.scores, fixture.labels, { resamples: 300, seed: 7, clusters: fixture.scores.map((_, i) => i) });
    expect(perCase.roc.lower).toEqual(bands.roc.lower);
    const allPositive = curveBands([0.1, 0.9], [1, 1], { resamples: 10, seed: 1 });
    expect(allPositive.roc.value).toEqual([]);
    expect(allPositive.negatives).toBe(0);
  });
});
