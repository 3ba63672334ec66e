/** echarts option: reliability diagram (observed positive rate against mean predicted probability per bin), one series per calibration state. */
import { chartBase, r4, unitAxis } from './chartTheme';

export interface ReliabilityBinLike {
  meanConfidence: number;
  observedFrequency: number;
  count: number;
}

export interface ReliabilitySeries {
  /** e.g. "before (T = 1)", "after (T = 1.73)". */
  name: string;
  bins: readonly ReliabilityBinLike[];
  ece: number | null;
}

export function reliabilityChartOption(label: string, series: readonly ReliabilitySeries[]): Record<string, unknown> {
  const eces = series.map((s) => `${s.name}: ECE ${s.ece === null ? 'n/a' : s.ece.toFixed(3)}`).join('; ');
  return {
    ...chartBase(`Reliability — ${label}`, eces),
    xAxis: unitAxis('Mean predicted probability'),
    yAxis: unitAxis('Observed positive rate'),
    series: [
      {
        name: 'perfect calibration',
        type: 'line',
        showSymbol: false,
        data: [
          [0, 0],
          [1, 1],
        ],
        lineStyle: { type: 'dashed', color: '#999', width: 1 },
        itemStyle: { color: '#999' },
      },
      ...series.map((s) => ({
        name: s.name,
        type: 'line',
        showSymbol: true,
        symbolSize: 6,
        // Empty bins carry no information: drop them rather than plot a fake 0.
        data: s.bins.filter((b) => b.count > 0).map((b) => [r4(b.meanConfidence), r4(b.observedFrequency), b.count]),
      })),
    ],
  };
}
