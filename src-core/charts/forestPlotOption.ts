/** echarts option of a forest plot model (forestPlotModel): one row per group, estimate, 95 % CI whisker, reference line. */
import { chartBase } from './chartTheme';
import type { ForestPlotModel, ForestRowModel } from './forestPlotModel';

/** The y-axis name of a row: label, cases and flags, cut so long site names do not eat the plot. */
export function forestRowName(row: ForestRowModel): string {
  const label = row.label.length > 32 ? `${row.label.slice(0, 31)}…` : row.label;
  const notes = [row.cases === null ? '' : `n=${row.cases}`, ...row.flags].filter(Boolean);
  return notes.length ? `${label} (${notes.join(', ')})` : label;
}

interface RenderApi {
  value: (i: number) => number;
  coord: (p: [number, number]) => [number, number];
}

export function forestPlotOption(model: ForestPlotModel): Record<string, unknown> {
  const names = model.rows.map(forestRowName);
  const undefinedRows = model.rows.filter((r) => r.value === null).length;
  const withoutCi = model.rows.filter((r) => r.value !== null && r.whisker === null).length;
  const subtitle = [
    `${model.metric}, point estimate and 95% bootstrap CI`,
    undefinedRows ? `${undefinedRows} undefined` : '',
    withoutCi ? `${withoutCi} without a CI` : '',
    model.reference ? `dashed: ${model.reference.name} ${model.reference.value}` : '',
    model.gapLimit !== null ? `red: worst group of a gap over the policy limit ${model.gapLimit}` : '',
  ].filter(Boolean);
  return {
    ...chartBase(model.title, subtitle.join('; ')),
    grid: { left: 260, right: 32, top: 72, bottom: 56 },
    xAxis: {
      type: 'value',
      name: model.metric,
      nameLocation: 'middle',
      nameGap: 30,
      min: model.domain[0],
      max: model.domain[1],
      interval: model.ticks.length > 1 ? model.ticks[1]! - model.ticks[0]! : undefined,
      // Ticks are multiples of a nice step; trimming float noise (0.8411000000000001) keeps the labels short.
      axisLabel: { formatter: (v: number) => String(Number(v.toPrecision(4))) },
      splitLine: { lineStyle: { color: '#eee' } },
    },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { fontSize: 11 } },
    legend: { show: false },
    series: [
      {
        name: '95% CI',
        type: 'custom',
        // Whisker: a horizontal segment from lower to upper with end caps, in data coordinates.
        renderItem: (_params: unknown, api: RenderApi) => {
          const y = api.value(0);
          const a = api.coord([api.value(1), y]);
          const b = api.coord([api.value(2), y]);
          const stroke = { stroke: '#333', lineWidth: 1.5 };
          const cap = (x: number) => ({ type: 'line', shape: { x1: x, y1: a[1] - 5, x2: x, y2: a[1] + 5 }, style: stroke });
          return {
            type: 'group',
            children: [{ type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: stroke }, cap(a[0]), cap(b[0])],
          };
        },
        encode: { x: [1, 2], y: 0 },
        data: model.rows.flatMap((r, i) => (r.whisker ? [[names[i]!, r.whisker.lower, r.whisker.upper]] : [])),
      },
      {
        name: 'estimate',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: 9,
        data: model.rows.flatMap((r, i) =>
          r.value === null
            ? []
            : [{ value: [r.value, names[i]!], itemStyle: { color: r.flags.includes('gap over limit') ? '#b91c1c' : '#1f77b4' } }],
        ),
        ...(model.reference
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                // Named in the subtitle: a label on the line would sit on the axis labels.
                label: { show: false },
                lineStyle: { type: 'dashed', color: '#666' },
                data: [{ xAxis: model.reference.value }],
              },
            }
          : {}),
      },
    ],
  };
}
