/** echarts option: histograms (as densities over shared bins) of one OOD detector's score on the in-distribution and OOD sets. */
import { HilumError } from '../errors';
import { chartBase, r4 } from './chartTheme';

export interface OodHistogramSet {
  name: string;
  scores: ArrayLike<number>;
  /** e.g. "AUROC 0.91 (0.88–0.94)". */
  note?: string;
}

export function oodHistogramOption(detector: string, sets: readonly OodHistogramSet[], binCount = 30): Record<string, unknown> {
  const all: number[] = [];
  for (const s of sets) for (let i = 0; i < s.scores.length; i++) if (Number.isFinite(s.scores[i]!)) all.push(s.scores[i]!);
  if (all.length === 0) throw new HilumError('INVALID_ARGUMENT', `OOD histogram for ${detector}: no finite scores`);
  // Shared range from the 1st to the 99th percentile of all scores, outliers counted in the end bins:
  // one far-OOD case with a huge distance must not squash every other bar into one bin.
  all.sort((a, b) => a - b);
  const at = (q: number) => all[Math.min(all.length - 1, Math.max(0, Math.round(q * (all.length - 1))))]!;
  let min = at(0.01);
  let max = at(0.99);
  const clipped = all[0]! < min || all[all.length - 1]! > max;
  if (max === min) ((min -= 0.5), (max += 0.5));
  const width = (max - min) / binCount;
  const centres = Array.from({ length: binCount }, (_, k) => min + (k + 0.5) * width);
  const series = sets.map((s) => {
    const counts = new Array<number>(binCount).fill(0);
    let n = 0;
    for (let i = 0; i < s.scores.length; i++) {
      const v = s.scores[i]!;
      if (!Number.isFinite(v)) continue;
      counts[Math.min(binCount - 1, Math.max(0, Math.floor((v - min) / width)))]! += 1;
      n++;
    }
    // Densities, so sets of different sizes are comparable.
    return {
      name: `${s.name} (n=${n})${s.note ? ` ${s.note}` : ''}`,
      type: 'bar',
      barGap: '-100%',
      barCategoryGap: 0,
      itemStyle: { opacity: 0.55 },
      data: counts.map((c, k) => [r4(centres[k]!), n > 0 ? r4(c / (n * width)) : 0]),
    };
  });
  return {
    ...chartBase(
      `OOD score — ${detector}`,
      `higher = more out-of-distribution; densities over shared bins${clipped ? '; scores beyond the 1st–99th percentile counted in the end bins' : ''}`,
    ),
    xAxis: { type: 'value', name: `${detector} score`, nameLocation: 'middle', nameGap: 30, min: r4(min), max: r4(max), scale: true },
    yAxis: { type: 'value', name: 'density', nameLocation: 'middle', nameGap: 48 },
    series,
  };
}
