/** The report directory: report.json plus SVG plots (ROC, PR, reliability, coverage–risk, subgroup forest, OOD histograms) rendered with echarts. */
import fs from 'node:fs';
import path from 'node:path';
import {
  coverageRiskChartOption,
  curvePoints,
  forestPlotModel,
  forestPlotOption,
  oodHistogramModel,
  oodHistogramOption,
  prChartOption,
  reliabilityChartOption,
  reliabilityModel,
  rocChartOption,
  type ReliabilitySeries,
} from '../../src-core/charts';
import { type EvaluationReport, evaluationReportSchema } from '../../src-core/contracts/evaluationReport';
import { computeCalibration } from '../../src-core/metrics/calibration/computeCalibration';
import { sigmoid } from '../../src-core/metrics/math/sigmoid';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import { parseDocument } from '../../src-core/validate';
import { jsonReplacer } from '../cli/output';
import { renderChartSvg } from '../reports/renderChartSvg';
import type { OodDetector } from './oodDetectorScores';

export interface ReportInputs {
  /** Typed by the schema its readers parse with; checked again on its JSON form before it is written. */
  report: EvaluationReport;
  labelNames: string[];
  outputs: ModelOutputs;
  labelColumns: Float64Array[];
  temperatures: number[] | null;
  idScores: Partial<Record<OodDetector, Float64Array>>;
  oodScoreSets: Array<{ name: string; scores: Partial<Record<OodDetector, Float64Array>> }>;
}

export function writeEvaluationReport(dir: string, input: ReportInputs): string[] {
  // Plots of an earlier evaluation in the same folder would mix with these: the plots folder is ours, replace it.
  fs.rmSync(path.join(dir, 'plots'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'plots'), { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string) => {
    fs.writeFileSync(path.join(dir, name), content);
    written.push(name);
  };
  const json = JSON.stringify(input.report, jsonReplacer, 1);
  const report = parseDocument(evaluationReportSchema, JSON.parse(json), { code: 'BUG', file: path.join(dir, 'report.json') });
  write('report.json', `${json}\n`);
  const safe = (label: string) => label.replace(/[^A-Za-z0-9_-]+/g, '_');

  input.labelNames.forEach((label, l) => {
    const curves = curvePoints(input.outputs.logitColumns[l]!, input.labelColumns[l]!);
    // A label with no positives (or no negatives) in this set has no curve worth drawing.
    if (curves.positives === 0 || curves.negatives === 0) return;
    const est = report.metrics.perLabel[label];
    write(
      `plots/roc-${safe(label)}.svg`,
      renderChartSvg(
        rocChartOption({
          label,
          points: curves.roc,
          auroc: est?.auroc.value ?? null,
          ci95: est?.auroc.ci95 ?? null,
          positives: curves.positives,
          negatives: curves.negatives,
        }),
      ),
    );
    write(
      `plots/pr-${safe(label)}.svg`,
      renderChartSvg(
        prChartOption({
          label,
          points: curves.pr,
          averagePrecision: est?.auprc.value ?? null,
          ci95: est?.auprc.ci95 ?? null,
          positives: curves.positives,
          negatives: curves.negatives,
        }),
      ),
    );
    const series: ReliabilitySeries[] = [reliability('before (T = 1)', input.outputs.logitColumns[l]!, input.labelColumns[l]!, 1)];
    const t = input.temperatures?.[l];
    if (t !== undefined && t !== 1)
      series.push(reliability(`after (T = ${t.toFixed(2)})`, input.outputs.logitColumns[l]!, input.labelColumns[l]!, t));
    write(`plots/reliability-${safe(label)}.svg`, renderChartSvg(reliabilityChartOption(reliabilityModel(label, series))));
  });

  const selective = report.metrics.selectivePrediction;
  if (selective.curve && selective.curve.length > 0) {
    write(
      'plots/coverage-risk.svg',
      renderChartSvg(coverageRiskChartOption({ points: selective.curve, aurc: selective.aurc ?? null, riskDefinition: selective.loss })),
    );
  }
  // Single attributes only: intersections are in report.json, but a plot of every pair is unreadable.
  const subgroups = report.metrics.subgroups;
  const groups = ('macroAuroc' in subgroups ? subgroups.macroAuroc.groups : []).filter((g) => !g.attribute.includes('×'));
  if (groups.length > 0) {
    const rows = groups.map((g) => ({
      label: `${g.attribute}=${g.group}`,
      value: g.value,
      lower: g.ci95?.[0] ?? null,
      upper: g.ci95?.[1] ?? null,
      cases: g.cases,
    }));
    const overall = report.metrics.macro.auroc.value;
    write(
      'plots/subgroups-forest.svg',
      renderChartSvg(
        forestPlotOption(
          forestPlotModel({
            title: 'Subgroups',
            metric: 'macro AUROC',
            rows,
            reference: overall === null ? null : { name: 'overall', value: overall },
          }),
        ),
        { height: Math.max(360, 140 + rows.length * 22) },
      ),
    );
  }
  if (input.oodScoreSets.length > 0) {
    for (const detector of Object.keys(input.idScores) as OodDetector[]) {
      const note = (set: string) => {
        const a = report.ood.sets.find((s) => s.name === set)?.detectors[detector]?.auroc;
        if (!a || a.value === null) return '';
        const [low, high] = a.ci95 ?? [null, null];
        return `AUROC ${a.value.toFixed(3)}${low === null || high === null ? '' : ` (${low.toFixed(3)}–${high.toFixed(3)})`}`;
      };
      const sets = [
        { name: 'in-distribution', scores: input.idScores[detector]! },
        ...input.oodScoreSets.map((s) => ({ name: s.name, scores: s.scores[detector]!, note: note(s.name) })),
      ];
      write(`plots/ood-${detector}.svg`, renderChartSvg(oodHistogramOption(oodHistogramModel(detector, sets)), { width: 720 }));
    }
  }
  return written;
}

function reliability(name: string, logits: Float64Array, labels: Float64Array, temperature: number): ReliabilitySeries {
  const p = logits.map((z) => sigmoid(z / temperature));
  try {
    const c = computeCalibration(p, labels, { bins: 10 });
    return { name, bins: c.bins, ece: c.ece };
  } catch {
    return { name, bins: [], ece: null };
  }
}
