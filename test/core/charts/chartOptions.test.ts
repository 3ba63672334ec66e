import { describe, expect, it } from 'vitest';
import {
  coverageRiskChartOption,
  forestPlotModel,
  forestPlotOption,
  oodHistogramModel,
  oodHistogramOption,
  prChartOption,
  reliabilityChartOption,
  reliabilityModel,
  rocChartOption,
} from '../../../src-core/charts';

type Series = { name: string; type: string; data: unknown[] };
const series = (o: Record<string, unknown>) => o.series as Series[];

describe('chart option builders', () => {
  it('ROC: curve plus chance line, AUROC and CI in the subtitle', () => {
    const o = rocChartOption({
      label: 'Effusion',
      points: [
        { fpr: 0, tpr: 0, threshold: Infinity },
        { fpr: 0.5, tpr: 1, threshold: 0.3 },
        { fpr: 1, tpr: 1, threshold: 0.1 },
      ],
      auroc: 0.75,
      ci95: [0.6, 0.9],
      positives: 3,
      negatives: 4,
    });
    expect(series(o)[0]!.data).toEqual([
      [0, 0],
      [0.5, 1],
      [1, 1],
    ]);
    expect((o.title as { subtext: string }).subtext).toContain('AUROC 0.750 (95% CI 0.600–0.900)');
  });

  it('PR: step series and a prevalence baseline at positives / cases', () => {
    const o = prChartOption({
      label: 'x',
      points: [
        { recall: 0, precision: 1, threshold: Infinity },
        { recall: 1, precision: 0.5, threshold: 0 },
      ],
      averagePrecision: 0.5,
      positives: 1,
      negatives: 3,
    });
    expect(series(o)[1]!.data).toEqual([
      [0, 0.25],
      [1, 0.25],
    ]);
  });

  it('reliability: drops empty bins, one series per calibration state', () => {
    const bins = [
      { meanConfidence: 0.1, observedFrequency: 0.2, count: 5 },
      { meanConfidence: 0.5, observedFrequency: 0, count: 0 },
    ];
    const o = reliabilityChartOption(
      reliabilityModel('x', [
        { name: 'before', bins, ece: 0.1 },
        { name: 'after', bins, ece: 0.05 },
      ]),
    );
    expect(series(o).map((s) => s.name)).toEqual(['perfect calibration', 'before', 'after']);
    expect(series(o)[1]!.data).toEqual([[0.1, 0.2, 5, 1]]);
  });

  it('coverage–risk sorts by coverage', () => {
    const o = coverageRiskChartOption({
      points: [
        { coverage: 1, risk: 0.2 },
        { coverage: 0.5, risk: 0.1 },
      ],
      aurc: 0.12,
      riskDefinition: 'error',
    });
    expect(series(o)[0]!.data).toEqual([
      [0.5, 0.1],
      [1, 0.2],
    ]);
  });

  it('forest plot: every group is a row; whiskers only where a CI exists; undefined and CI-less groups counted', () => {
    const o = forestPlotOption(
      forestPlotModel({
        title: 't',
        metric: 'AUROC',
        rows: [
          { label: 'a', value: 0.7, lower: 0.6, upper: 0.8 },
          { label: 'b', value: null, lower: null, upper: null },
          { label: 'c', value: 0.5, lower: null, upper: null },
        ],
      }),
    );
    expect((o.yAxis as { data: string[] }).data).toEqual(['a', 'b', 'c']);
    expect(series(o)[0]!.data).toEqual([['a', 0.6, 0.8]]);
    expect((o.title as { subtext: string }).subtext).toContain('1 undefined; 1 without a CI');
  });

  it('forest model: small groups and worst groups of a gap over the limit are flagged; the axis holds every whisker', () => {
    const m = forestPlotModel({
      title: 't',
      metric: 'AUROC',
      rows: [
        { label: 'big', value: 0.8, lower: 0.75, upper: 0.85, cases: 400 },
        { label: 'small', value: 0.79, lower: 0.6, upper: 0.9, cases: 20 },
        { label: 'behind', value: 0.66, lower: 0.6, upper: 0.7, cases: 300, overLimit: true },
      ],
      reference: { name: 'overall', value: 0.78 },
      gapLimit: 0.1,
    });
    expect(m.rows.map((r) => r.flags)).toEqual([[], ['small group'], ['gap over limit']]);
    expect(m.domain[0]).toBeLessThanOrEqual(0.6);
    expect(m.domain[1]).toBeGreaterThanOrEqual(0.9);
  });

  it('OOD histogram: densities integrate to 1 per set over shared bins', () => {
    const o = oodHistogramOption(
      oodHistogramModel(
        'energy',
        [
          { name: 'id', scores: [0, 1, 1, 2, 3] },
          { name: 'ood', scores: [5, 6, 7] },
        ],
        10,
      ),
    );
    for (const s of series(o)) {
      const data = s.data as Array<[number, number]>;
      const width = data[1]![0] - data[0]![0];
      expect(data.reduce((a, d) => a + d[1] * width, 0)).toBeCloseTo(1, 3);
    }
    expect(() => oodHistogramModel('x', [{ name: 'a', scores: [Number.NaN] }])).toThrow(/no finite scores/);
  });
});
