// The model card's charts and the app's charts come from the same builders (src-core/charts): for a stored fixture
// evaluation, the whiskers and axis the PDF draws (recovered from the pdfkit calls) equal the whiskers and axis of the
// echarts option the Fairness page renders, and the reliability points the PDF draws equal the Validation page's.
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { forestPlotOption } from '../../../src-core/charts/forestPlotOption';
import { reliabilityChartOption } from '../../../src-core/charts/reliabilityChartOption';
import { toFairnessReport } from '../../../src-main/app/validation/toFairnessReport';
import { toValidationReport } from '../../../src-main/app/validation/toValidationReport';
import { drawForestPlot, storedSubgroupForestModel } from '../../../src-main/reports/modelCard/drawForestPlot';
import { drawReliabilityDiagram } from '../../../src-main/reports/modelCard/drawReliabilityDiagram';
import { fairnessForestModel, labelReliabilityModel } from '../../../src-renderer/lib/evaluationCharts';
import { evaluationFor } from '../governance/governanceFixtures';

type Call = [string, ...unknown[]];
type Json = Record<string, unknown>;

/** A real pdfkit document whose drawing calls are recorded in order. */
function recordingDoc(): { doc: PDFKit.PDFDocument; calls: Call[] } {
  const doc = new PDFDocument({ size: 'A4', margin: 50 });
  const calls: Call[] = [];
  for (const name of ['moveTo', 'lineTo', 'circle', 'text'] as const) {
    const original = (doc[name] as (...a: unknown[]) => PDFKit.PDFDocument).bind(doc);
    (doc as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls.push([name, ...args]);
      return original(...args);
    };
  }
  return { doc, calls };
}

/** Horizontal and vertical segments: a moveTo directly followed by a lineTo. */
function segments(calls: Call[]): Array<{ x1: number; y1: number; x2: number; y2: number }> {
  const out = [];
  for (let i = 0; i + 1 < calls.length; i++) {
    const [a, b] = [calls[i]!, calls[i + 1]!];
    if (a[0] === 'moveTo' && b[0] === 'lineTo')
      out.push({ x1: a[1] as number, y1: a[2] as number, x2: b[1] as number, y2: b[2] as number });
  }
  return out;
}

// The metrics part of the governance tests' strong evaluation (a `hilum metrics` report), as both readers take it.
const fixture = evaluationFor('evaluation-strong.json', 'c'.repeat(64)) as { metrics: Json };

describe('one set of chart builders for the app and the PDF', () => {
  it('forest plot: the PDF draws the whiskers and axis of the Fairness page, for the same stored evaluation', () => {
    // App: the fairness channel's answer → the page's model → the echarts option.
    const fairness = toFairnessReport('e1', fixture.metrics, undefined);
    const appModel = fairnessForestModel(fairness.macroAuroc!, 'Macro AUROC', 'Macro AUROC', fairness.overall.macroAuroc, null);
    const option = forestPlotOption(appModel);
    const series = option.series as Array<{ data: unknown[] }>;
    const appWhiskers = (series[0]!.data as Array<[string, number, number]>).map(([, lo, hi]) => [lo, hi]);
    const xAxis = option.xAxis as { min: number; max: number };

    // PDF: the stored JSON section → the card's model → pdfkit.
    const subgroups = fixture.metrics.subgroups as Json;
    const overall = ((fixture.metrics.macro as Json).auroc as Json).value as number;
    const { doc, calls } = recordingDoc();
    drawForestPlot(doc, 'Macro AUROC, forest plot:', storedSubgroupForestModel('Macro AUROC', subgroups.macroAuroc as Json, overall));
    doc.end();

    const segs = segments(calls);
    const ticks = segs.filter((s) => s.x1 === s.x2 && s.y2 - s.y1 === 2);
    const tickLabels = calls.filter((c) => c[0] === 'text' && /^\d\.\d{3}$/.test(String(c[1]))).map((c) => Number(c[1]));
    expect(ticks).toHaveLength(5);
    // The PDF's axis is the app's axis.
    expect(tickLabels[0]).toBeCloseTo(xAxis.min, 3);
    expect(tickLabels.at(-1)).toBeCloseTo(xAxis.max, 3);
    const toValue = (x: number) => xAxis.min + ((x - ticks[0]!.x1) / (ticks.at(-1)!.x1 - ticks[0]!.x1)) * (xAxis.max - xAxis.min);
    const axisLine = segs.filter((s) => s.y1 === s.y2).at(-1)!;
    const pdfWhiskers = segs.filter((s) => s.y1 === s.y2 && s !== axisLine && s.x2 > s.x1).map((s) => [toValue(s.x1), toValue(s.x2)]);
    expect(appWhiskers.length).toBeGreaterThan(3);
    expect(pdfWhiskers).toHaveLength(appWhiskers.length);
    pdfWhiskers.forEach(([lo, hi], i) => {
      expect(lo).toBeCloseTo(appWhiskers[i]![0]!, 6);
      expect(hi).toBeCloseTo(appWhiskers[i]![1]!, 6);
    });
    // The dashed overall line sits at the app's reference value.
    const reference = segs.find((s) => s.x1 === s.x2 && s.y2 - s.y1 > 10)!;
    expect(toValue(reference.x1)).toBeCloseTo(appModel.reference!.value, 6);
  });

  it('reliability: the PDF draws the points (and marker sizes) of the Validation page', () => {
    const validation = toValidationReport('e1', 'm1', 'external', fixture.metrics);
    const label = validation.labels[0]!;
    const option = reliabilityChartOption(labelReliabilityModel(label));
    const appPoints = (option.series as Array<{ name: string; data: number[][] }>).find((s) => s.name === 'before scaling')!.data;

    const stored = (((fixture.metrics.calibration as Json).perLabel as Json)[label.label] as Json).equalWidth as Json;
    const { doc, calls } = recordingDoc();
    const [x, y, size] = [60, 100, 100];
    drawReliabilityDiagram(doc, x, y, size, label.label, stored.bins as never);
    doc.end();
    const circles = calls.filter((c) => c[0] === 'circle').map(([, cx, cy, r]) => [cx as number, cy as number, r as number]);
    expect(appPoints.length).toBeGreaterThan(2);
    expect(circles).toHaveLength(appPoints.length);
    circles.forEach(([cx, cy, r], i) => {
      const [px, py, , markerSize] = appPoints[i]!;
      expect((cx! - x) / size).toBeCloseTo(px!, 6);
      expect((y + size - cy!) / size).toBeCloseTo(py!, 6);
      expect((r! - 1) / 2.5).toBeCloseTo(markerSize!, 6);
    });
  });
});
