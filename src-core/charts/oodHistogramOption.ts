/** echarts option of an OOD histogram model (oodHistogramModel): one bar series per set, thresholds as vertical lines. */
import { chartBase } from './chartTheme';
import type { OodHistogramModel } from './oodHistogramModel';

/** A vertical line on the histogram: the model's operating threshold (solid) or a 95 %-TPR threshold (dashed). */
export interface OodThresholdLine {
  name: string;
  value: number;
  kind: 'operating' | 'tpr95';
}

export function oodHistogramOption(model: OodHistogramModel, thresholds: readonly OodThresholdLine[] = []): Record<string, unknown> {
  const half = model.width / 2;
  const min = model.centres[0]! - half;
  const max = model.centres.at(-1)! + half;
  // The axis ends as echarts gets them, so a line clamped to an end is on the axis.
  const axisMin = Number(min.toPrecision(6));
  const axisMax = Number(max.toPrecision(6));
  const series: Array<Record<string, unknown>> = model.sets.map((s) => ({
    name: `${s.name} (n=${s.cases})${s.note ? ` ${s.note}` : ''}`,
    type: 'bar',
    barGap: '-100%',
    barCategoryGap: 0,
    itemStyle: { opacity: 0.55 },
    data: s.density.map((d, k) => [model.centres[k]!, d]),
  }));
  // On the last series, which echarts draws on top: on the first, a later set's bar in the same bin would hide the line.
  const top = series.at(-1);
  if (thresholds.length > 0 && top)
    top.markLine = {
      symbol: 'none',
      // echarts rounds mark-line values to `precision` decimals (default 2): ODIN's scores differ from the 4th.
      precision: 12,
      silent: true,
      data: thresholds.map((t, k) => {
        // A threshold outside the bins is drawn at the edge and says so, rather than stretching the axis.
        const beyond = t.value < min ? ' (below the axis)' : t.value > max ? ' (beyond the axis)' : '';
        return {
          xAxis: Math.min(axisMax, Math.max(axisMin, t.value)),
          label: {
            formatter: `${t.name} ${Number(t.value.toPrecision(3))}${beyond}`,
            fontSize: 10,
            position: k % 2 === 0 ? 'insideEndTop' : 'insideEndBottom',
          },
          lineStyle:
            t.kind === 'operating' ? { type: 'solid', color: '#b91c1c', width: 2 } : { type: 'dashed', color: '#1d4ed8', width: 1.5 },
        };
      }),
    };
  // Enough significant digits to tell neighbouring ticks apart: ODIN's scores span −0.50085 to −0.50065.
  const digits = Math.max(4, Math.ceil(Math.log10(Math.max(Math.abs(min), Math.abs(max)) / (max - min))) + 2);
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
      min: axisMin,
      max: axisMax,
      scale: true,
      // The range ends are data-driven (-12.1861): only the round ticks between them are labelled.
      axisLabel: { showMinLabel: false, showMaxLabel: false, formatter: (v: number) => String(Number(v.toPrecision(digits))) },
    },
    yAxis: { type: 'value', name: 'density', nameLocation: 'middle', nameGap: 48 },
    series,
  };
}
