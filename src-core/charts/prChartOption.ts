/** echarts option: precision–recall curve of one label with average precision and the prevalence baseline. */
import type { PrPoint } from './curvePoints';
import { chartBase, r4, unitAxis } from './chartTheme';

export interface PrChartInput {
  label: string;
  points: readonly PrPoint[];
  averagePrecision: number | null;
  ci95?: readonly [number | null, number | null] | null;
  positives: number;
  negatives: number;
}

export function prChartOption(input: PrChartInput): Record<string, unknown> {
  const prevalence = input.positives + input.negatives > 0 ? input.positives / (input.positives + input.negatives) : 0;
  const ci =
    input.ci95 && input.ci95[0] !== null && input.ci95[1] !== null
      ? ` (95% CI ${input.ci95[0]!.toFixed(3)}–${input.ci95[1]!.toFixed(3)})`
      : '';
  const ap = input.averagePrecision === null ? 'AP undefined' : `AP ${input.averagePrecision.toFixed(3)}${ci}`;
  return {
    ...chartBase(`Precision–recall — ${input.label}`, `${ap}; prevalence ${prevalence.toFixed(3)}`),
    xAxis: unitAxis('Recall'),
    yAxis: unitAxis('Precision'),
    series: [
      // Average precision is the step-wise (no interpolation) area, so draw steps.
      {
        name: 'PR',
        type: 'line',
        step: 'start',
        showSymbol: false,
        data: input.points.filter((p) => Number.isFinite(p.recall)).map((p) => [r4(p.recall), r4(p.precision)]),
        lineStyle: { width: 2 },
      },
      {
        name: 'prevalence',
        type: 'line',
        showSymbol: false,
        data: [
          [0, r4(prevalence)],
          [1, r4(prevalence)],
        ],
        lineStyle: { type: 'dashed', color: '#999', width: 1 },
        itemStyle: { color: '#999' },
      },
    ],
  };
}
