/** Shared look of report charts: palette, fonts and the common axis/grid pieces (plain echarts option fragments). */

export const chartPalette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

export function chartBase(title: string, subtitle?: string): Record<string, unknown> {
  return {
    animation: false,
    // Opaque: the SVGs are standalone files (reports, PDFs), not overlays.
    backgroundColor: '#ffffff',
    color: chartPalette,
    textStyle: { fontFamily: 'sans-serif' },
    title: {
      text: title,
      ...(subtitle ? { subtext: subtitle } : {}),
      left: 'center',
      textStyle: { fontSize: 14 },
      subtextStyle: { fontSize: 11 },
    },
    grid: { left: 64, right: 24, top: subtitle ? 72 : 56, bottom: 64 },
    legend: { bottom: 4, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'item' },
  };
}

export function unitAxis(name: string): Record<string, unknown> {
  return { type: 'value', name, nameLocation: 'middle', nameGap: 30, min: 0, max: 1, splitLine: { lineStyle: { color: '#eee' } } };
}

/** Rounds for compact option objects (plots do not need 17 digits). */
export function r4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** The dashed y = x line a ROC chart calls chance and a reliability diagram calls perfect calibration. */
export function diagonalReference(name: string): Record<string, unknown> {
  return {
    name,
    type: 'line',
    showSymbol: false,
    data: [
      [0, 0],
      [1, 1],
    ],
    lineStyle: { type: 'dashed', color: '#999', width: 1 },
    itemStyle: { color: '#999' },
  };
}
