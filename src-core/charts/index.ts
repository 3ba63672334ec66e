/** Pure echarts option builders for evaluation reports (used server-side for SVG and in the renderer). */
export * from './curvePoints';
export * from './rocChartOption';
export * from './prChartOption';
export * from './reliabilityModel';
export * from './reliabilityChartOption';
export * from './coverageRiskChartOption';
export * from './forestPlotModel';
export * from './forestPlotOption';
export * from './subgroupForestModel';
export * from './oodHistogramModel';
export * from './oodHistogramOption';
export * from './curveBands';
export * from './curveBandChartOption';
export * from './chartTheme';
