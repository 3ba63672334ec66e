/** echarts option: selective prediction, risk of the accepted cases against coverage, with AURC in the subtitle. */
import { chartBase, r4, unitAxis } from './chartTheme';

export interface CoverageRiskInput {
  points: ReadonlyArray<{ coverage: number; risk: number }>;
  aurc: number | null;
  riskDefinition: string;
}

export function coverageRiskChartOption(input: CoverageRiskInput): Record<string, unknown> {
  const maxRisk = Math.max(0.05, ...input.points.map((p) => p.risk));
  return {
    ...chartBase('Coverage–risk', `AURC ${input.aurc === null ? 'n/a' : input.aurc.toFixed(4)}; risk = ${input.riskDefinition}`),
    xAxis: unitAxis('Coverage (fraction of cases accepted)'),
    // Rounded up to a multiple of 0.05 so the axis ends on a labelled tick.
    yAxis: { ...unitAxis('Risk of accepted cases'), max: r4(Math.min(1, Math.ceil((maxRisk * 1.05) / 0.05) * 0.05)) },
    series: [
      {
        name: 'coverage–risk',
        type: 'line',
        showSymbol: false,
        data: [...input.points].sort((a, b) => a.coverage - b.coverage).map((p) => [r4(p.coverage), r4(p.risk)]),
        lineStyle: { width: 2 },
      },
    ],
  };
}
