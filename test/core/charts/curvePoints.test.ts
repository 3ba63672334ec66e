import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { curvePoints } from '../../../src-core/charts/curvePoints';
import { computeAuroc } from '../../../src-core/metrics/discrimination/computeAuroc';
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

describe('curvePoints', () => {
  const c = curvePoints(fixture.scores, fixture.labels);

  it('matches scikit-learn roc_curve(drop_intermediate=False) vertex for vertex, ties included', () => {
    expect(c.roc.map((p) => p.fpr)).toEqual(fixture.fpr.map((v) => expect.closeTo(v, 12)));
    expect(c.roc.map((p) => p.tpr)).toEqual(fixture.tpr.map((v) => expect.closeTo(v, 12)));
  });

  it('matches scikit-learn precision_recall_curve (reversed order)', () => {
    const pr = [...c.pr].reverse();
    expect(pr.map((p) => p.recall)).toEqual(fixture.recall.map((v) => expect.closeTo(v, 12)));
    expect(pr.map((p) => p.precision)).toEqual(fixture.precision.map((v) => expect.closeTo(v, 12)));
  });

  it('the trapezoid area under its ROC is the AUROC (midranks) of the metrics module and of scikit-learn', () => {
    let area = 0;
    for (let k = 1; k < c.roc.length; k++) area += ((c.roc[k]!.fpr - c.roc[k - 1]!.fpr) * (c.roc[k]!.tpr + c.roc[k - 1]!.tpr)) / 2;
    expect(area).toBeCloseTo(fixture.auroc, 12);
    expect(area).toBeCloseTo(computeAuroc(Float64Array.from(fixture.scores), Float64Array.from(fixture.labels)), 12);
  });

  it('skips unknown labels and rejects non-finite scores', () => {
    const withUnknown = curvePoints([0.9, 0.5, 0.1, 0.7], [1, Number.NaN, 0, 0]);
    expect(withUnknown.positives + withUnknown.negatives).toBe(3);
    expect(() => curvePoints([0.1, Number.NaN], [0, 1])).toThrow(/not finite/);
  });
});
