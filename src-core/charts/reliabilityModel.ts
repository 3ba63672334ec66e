/**
 * The one reliability-diagram geometry: per calibration state (before / after temperature scaling), the non-empty
 * bins as points (mean predicted probability, observed positive rate) with a marker size ~ √cases. The app's echarts
 * option (reliabilityChartOption) and the PDF's drawer (drawReliabilityDiagram) both draw from it.
 */
import { r4 } from './chartTheme';

export interface ReliabilityBinLike {
  meanConfidence: number;
  observedFrequency: number;
  count: number;
}

export interface ReliabilitySeries {
  /** e.g. "before (T = 1)", "after (T = 1.73)". */
  name: string;
  bins: readonly ReliabilityBinLike[];
  ece: number | null;
}

export interface ReliabilityPointModel {
  x: number;
  y: number;
  count: number;
  /** 0–1: √(count / largest count over every series), so marker areas compare across series. */
  size: number;
}

export interface ReliabilityModel {
  label: string;
  series: Array<{ name: string; ece: number | null; points: ReliabilityPointModel[] }>;
}

export function reliabilityModel(label: string, series: readonly ReliabilitySeries[]): ReliabilityModel {
  // Empty bins carry no information (and have no mean): dropped rather than plotted as a fake 0.
  const used = series.map((s) =>
    s.bins.filter((b) => b.count > 0 && Number.isFinite(b.meanConfidence) && Number.isFinite(b.observedFrequency)),
  );
  const maxCount = Math.max(1, ...used.flat().map((b) => b.count));
  return {
    label,
    series: series.map((s, i) => ({
      name: s.name,
      ece: s.ece,
      points: used[i]!.map((b) => ({
        x: r4(b.meanConfidence),
        y: r4(b.observedFrequency),
        count: b.count,
        size: r4(Math.sqrt(b.count / maxCount)),
      })),
    })),
  };
}
