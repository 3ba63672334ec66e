/** echarts option: ROC curve of one label with its AUROC (and 95% CI when given) and the chance diagonal. */
import type { RocPoint } from './curvePoints';
import { chartBase, diagonalReference, r4, unitAxis } from './chartTheme';

export interface RocChartInput {
  label: string;
  points: readonly RocPoint[];
  auroc: number | null;
  ci95?: readonly [number | null, number | null] | null;
  positives: number;
  negatives: number;
}

export function rocChartOption(input: RocChartInput): Record<string, unknown> {
  const ci =
    input.ci95 && input.ci95[0] !== null && input.ci95[1] !== null
      ? ` (95% CI ${input.ci95[0]!.toFixed(3)}–${input.ci95[1]!.toFixed(3)})`
      : '';
  const auc = input.auroc === null ? 'AUROC undefined' : `AUROC ${input.auroc.toFixed(3)}${ci}`;
  return {
    ...chartBase(`ROC — ${input.label}`, `${auc}; ${input.positives} positive / ${input.negatives} negative`),
    xAxis: unitAxis('False positive rate'),
    yAxis: unitAxis('True positive rate'),
    series: [
      {
        name: 'ROC',
        type: 'line',
        step: false,
        showSymbol: false,
        data: input.points.filter((p) => Number.isFinite(p.fpr) && Number.isFinite(p.tpr)).map((p) => [r4(p.fpr), r4(p.tpr)]),
        lineStyle: { width: 2 },
      },
      diagonalReference('chance'),
    ],
  };
}
