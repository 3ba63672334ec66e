/** echarts option: forest plot, one row per subgroup with its point estimate and 95% CI whisker, and a reference line. */
import { chartBase, r4 } from './chartTheme';

export interface ForestRow {
  name: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Shown next to the name, e.g. "n=41". */
  note?: string;
}

export interface ForestPlotInput {
  title: string;
  metric: string;
  rows: readonly ForestRow[];
  /** Vertical reference, e.g. the overall estimate. */
  reference?: { name: string; value: number } | null;
}

export function forestPlotOption(input: ForestPlotInput): Record<string, unknown> {
  const rows = input.rows.filter((r) => r.value !== null);
  const short = (name: string) => (name.length > 28 ? `${name.slice(0, 27)}…` : name);
  const names = rows.map((r) => (r.note ? `${short(r.name)} (${r.note})` : short(r.name)));
  const withoutCi = rows.filter((r) => r.lower === null || r.upper === null).length;
  const lo = Math.min(...rows.map((r) => r.lower ?? r.value!), input.reference?.value ?? 1);
  const base = chartBase(
    input.title,
    `${input.metric}, point estimate and 95% bootstrap CI${input.rows.length > rows.length ? `; ${input.rows.length - rows.length} groups undefined` : ''}${withoutCi ? `; ${withoutCi} without a CI (undefined in most resamples)` : ''}`,
  );
  return {
    ...base,
    grid: { left: 220, right: 32, top: 72, bottom: 64 },
    xAxis: {
      type: 'value',
      name: input.metric,
      nameLocation: 'middle',
      nameGap: 30,
      min: r4(Math.max(0, Math.floor(lo * 10) / 10)),
      max: 1,
    },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { fontSize: 10 } },
    series: [
      {
        name: '95% CI',
        type: 'custom',
        // Whisker: a horizontal segment from lower to upper with end caps, drawn in data coordinates.
        renderItem: (
          _params: unknown,
          api: { value: (i: number) => number; coord: (p: [number, number]) => [number, number]; style: (o?: object) => object },
        ) => {
          const y = api.value(0);
          const a = api.coord([api.value(1), y]);
          const b = api.coord([api.value(2), y]);
          const cap = 5;
          const stroke = { stroke: '#333', lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: stroke },
              { type: 'line', shape: { x1: a[0], y1: a[1] - cap, x2: a[0], y2: a[1] + cap }, style: stroke },
              { type: 'line', shape: { x1: b[0], y1: b[1] - cap, x2: b[0], y2: b[1] + cap }, style: stroke },
            ],
          };
        },
        encode: { x: [1, 2], y: 0 },
        data: rows.filter((r) => r.lower !== null && r.upper !== null).map((r) => [names[rows.indexOf(r)]!, r4(r.lower!), r4(r.upper!)]),
      },
      {
        name: 'estimate',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: 9,
        itemStyle: { color: '#1f77b4' },
        data: rows.map((r, i) => [r4(r.value!), names[i]!]),
        ...(input.reference
          ? {
              markLine: {
                symbol: 'none',
                label: { formatter: input.reference.name, fontSize: 10 },
                lineStyle: { type: 'dashed', color: '#999' },
                data: [{ xAxis: r4(input.reference.value) }],
              },
            }
          : {}),
      },
    ],
  };
}
