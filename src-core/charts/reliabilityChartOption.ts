/** echarts option of a reliability model (reliabilityModel): one line per calibration state over the perfect-calibration diagonal. */
import { chartBase, diagonalReference, unitAxis } from './chartTheme';
import type { ReliabilityModel } from './reliabilityModel';

export function reliabilityChartOption(model: ReliabilityModel): Record<string, unknown> {
  const eces = model.series.map((s) => `${s.name}: ECE ${s.ece === null ? 'n/a' : s.ece.toFixed(3)}`).join('; ');
  return {
    ...chartBase(`Reliability — ${model.label}`, eces),
    xAxis: unitAxis('Mean predicted probability'),
    yAxis: unitAxis('Observed positive rate'),
    series: [
      diagonalReference('perfect calibration'),
      ...model.series.map((s) => ({
        name: s.name,
        type: 'line',
        showSymbol: true,
        // Marker area ~ cases in the bin, as in the PDF.
        symbolSize: (value: [number, number, number, number]) => 4 + 8 * value[3],
        data: s.points.map((p) => [p.x, p.y, p.count, p.size]),
      })),
    ],
  };
}
