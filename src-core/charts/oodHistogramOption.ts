/** echarts option of an OOD histogram model (oodHistogramModel): one bar series per set, the operating threshold as a line. */
import { chartBase } from './chartTheme';
import type { OodHistogramModel } from './oodHistogramModel';

export function oodHistogramOption(
  model: OodHistogramModel,
  threshold: { name: string; value: number } | null = null,
): Record<string, unknown> {
  const half = model.width / 2;
  const min = model.centres[0]! - half;
  const max = model.centres.at(-1)! + half;
  const series: Array<Record<string, unknown>> = model.sets.map((s) => ({
    name: `${s.name} (n=${s.cases})${s.note ? ` ${s.note}` : ''}`,
    type: 'bar',
    barGap: '-100%',
    barCategoryGap: 0,
    itemStyle: { opacity: 0.55 },
    data: s.density.map((d, k) => [model.centres[k]!, d]),
  }));
  if (threshold && series[0])
    series[0].markLine = {
      symbol: 'none',
      silent: true,
      label: { formatter: `${threshold.name} ${Number(threshold.value.toPrecision(3))}`, fontSize: 10, position: 'insideEndTop' },
      lineStyle: { type: 'solid', color: '#b91c1c', width: 2 },
      data: [{ xAxis: Math.min(max, Math.max(min, threshold.value)) }],
    };
  return {
    ...chartBase(
      `OOD score — ${model.detector}`,
      `higher = more OOD; densities over shared bins${model.clipped ? '; end bins hold the outer 1 %' : ''}`,
    ),
    xAxis: {
      type: 'value',
      name: `${model.detector} score`,
      nameLocation: 'middle',
      nameGap: 30,
      min: Number(min.toPrecision(6)),
      max: Number(max.toPrecision(6)),
      scale: true,
      // The range ends are data-driven (-12.1861): only the round ticks between them are labelled.
      axisLabel: { showMinLabel: false, showMaxLabel: false, formatter: (v: number) => String(Number(v.toPrecision(4))) },
    },
    yAxis: { type: 'value', name: 'density', nameLocation: 'middle', nameGap: 48 },
    series,
  };
}
