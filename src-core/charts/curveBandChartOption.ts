/** echarts option: a ROC or precision–recall curve on its grid with the pointwise 95 % bootstrap band, and the chance / prevalence line. */
import { chartBase, r4, unitAxis } from './chartTheme';
import type { LabelCurveBands } from './curveBands';

export interface CurveBandChartInput {
  kind: 'roc' | 'pr';
  label: string;
  bands: LabelCurveBands;
  /** The report's point estimate and interval, for the subtitle (e.g. "AUROC 0.812 [0.775, 0.846]"). */
  estimate: string;
}

export function curveBandChartOption(input: CurveBandChartInput): Record<string, unknown> {
  const roc = input.kind === 'roc';
  const band = roc ? input.bands.roc : input.bands.pr;
  const prevalence = r4(input.bands.positives / Math.max(1, input.bands.positives + input.bands.negatives));
  const at = (k: number, v: number | null) => [band.grid[k]!, v];
  // The band is a stacked pair: an invisible lower line, then (upper − lower) filled on top of it.
  const lower = band.lower.map((v, k) => at(k, v));
  const width = band.upper.map((v, k) => at(k, v === null || band.lower[k] === null ? null : r4(v - band.lower[k]!)));
  const reference = roc
    ? [
        [0, 0],
        [1, 1],
      ]
    : [
        [0, prevalence],
        [1, prevalence],
      ];
  return {
    ...chartBase(
      `${roc ? 'ROC' : 'Precision–recall'} — ${input.label}`,
      `${input.estimate}; band: pointwise 95% bootstrap (${input.bands.resamples - input.bands.skippedResamples} resamples)`,
    ),
    xAxis: unitAxis(roc ? 'False positive rate' : 'Recall'),
    yAxis: unitAxis(roc ? 'True positive rate' : 'Precision'),
    tooltip: { trigger: 'axis' },
    legend: {
      bottom: 4,
      textStyle: { fontSize: 11 },
      data: [roc ? 'ROC' : 'precision–recall', '95% band', roc ? 'chance' : `prevalence ${prevalence}`],
    },
    series: [
      { name: 'band lower', type: 'line', stack: 'band', data: lower, showSymbol: false, lineStyle: { opacity: 0 }, silent: true },
      {
        name: '95% band',
        type: 'line',
        stack: 'band',
        data: width,
        showSymbol: false,
        lineStyle: { opacity: 0 },
        itemStyle: { color: 'rgba(31, 119, 180, 0.35)' },
        areaStyle: { color: 'rgba(31, 119, 180, 0.22)' },
        silent: true,
      },
      {
        name: roc ? 'ROC' : 'precision–recall',
        type: 'line',
        data: band.value.map((v, k) => at(k, v)),
        showSymbol: false,
        lineStyle: { width: 2, color: '#1f77b4' },
        itemStyle: { color: '#1f77b4' },
      },
      {
        name: roc ? 'chance' : `prevalence ${prevalence}`,
        type: 'line',
        showSymbol: false,
        data: reference,
        lineStyle: { type: 'dashed', color: '#999', width: 1 },
        itemStyle: { color: '#999' },
      },
    ],
  };
}
