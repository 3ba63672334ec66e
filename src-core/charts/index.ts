/** Pure echarts option builders for evaluation reports (used server-side for SVG and in the renderer). */
export * from './curvePoints';
export * from './rocChartOption';
export * from './prChartOption';
export * from './reliabilityChartOption';
export * from './coverageRiskChartOption';
export * from './forestPlotOption';
export * from './oodHistogramOption';
export * from './chartTheme';
