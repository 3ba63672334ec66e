import { describe, expect, it } from 'vitest';
import {
  coverageRiskChartOption,
  forestPlotOption,
  oodHistogramOption,
  prChartOption,
  reliabilityChartOption,
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
    const o = reliabilityChartOption('x', [
      { name: 'before', bins, ece: 0.1 },
      { name: 'after', bins, ece: 0.05 },
    ]);
    expect(series(o).map((s) => s.name)).toEqual(['perfect calibration', 'before', 'after']);
    expect(series(o)[1]!.data).toEqual([[0.1, 0.2, 5]]);
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

  it('forest plot: undefined groups are left out and counted; whiskers only where a CI exists', () => {
    const o = forestPlotOption({
      title: 't',
      metric: 'AUROC',
      rows: [
        { name: 'a', value: 0.7, lower: 0.6, upper: 0.8 },
        { name: 'b', value: null, lower: null, upper: null },
        { name: 'c', value: 0.5, lower: null, upper: null },
      ],
    });
    expect((o.yAxis as { data: string[] }).data).toEqual(['a', 'c']);
    expect(series(o)[0]!.data).toEqual([['a', 0.6, 0.8]]);
    expect((o.title as { subtext: string }).subtext).toContain('1 groups undefined');
  });

  it('OOD histogram: densities integrate to 1 per set over shared bins', () => {
    const o = oodHistogramOption(
      'energy',
      [
        { name: 'id', scores: [0, 1, 1, 2, 3] },
        { name: 'ood', scores: [5, 6, 7] },
      ],
      10,
    );
    for (const s of series(o)) {
      const data = s.data as Array<[number, number]>;
      const width = data[1]![0] - data[0]![0];
      expect(data.reduce((a, d) => a + d[1] * width, 0)).toBeCloseTo(1, 3);
    }
    expect(() => oodHistogramOption('x', [{ name: 'a', scores: [Number.NaN] }])).toThrow(/no finite scores/);
  });
});
