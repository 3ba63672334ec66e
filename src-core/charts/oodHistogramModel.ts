/**
 * Histograms (densities over shared bins) of one OOD detector's score on the in-distribution and OOD sets: the
 * geometry the app's chart and the report's SVG both draw. Bins span the 1st–99th percentile of all scores, with
 * outliers counted in the end bins: one far-OOD case with a huge distance must not squash every other bar into one bin.
 */
import { HilumError } from '../errors';

export interface OodHistogramSet {
  name: string;
  scores: ArrayLike<number>;
  /** e.g. "AUROC 0.91 (0.88–0.94)". */
  note?: string;
}

export interface OodHistogramModel {
  detector: string;
  /** Bin centres (shared by every set) and the bin width. */
  centres: number[];
  width: number;
  /** Whether scores beyond the 1st–99th percentile were counted in the end bins. */
  clipped: boolean;
  sets: Array<{ name: string; cases: number; note: string; density: number[] }>;
}

export function oodHistogramModel(detector: string, sets: readonly OodHistogramSet[], binCount = 30): OodHistogramModel {
  const all: number[] = [];
  for (const s of sets) for (let i = 0; i < s.scores.length; i++) if (Number.isFinite(s.scores[i]!)) all.push(s.scores[i]!);
  if (all.length === 0) throw new HilumError('INVALID_ARGUMENT', `OOD histogram for ${detector}: no finite scores`);
  all.sort((a, b) => a - b);
  const at = (q: number) => all[Math.min(all.length - 1, Math.max(0, Math.round(q * (all.length - 1))))]!;
  let min = at(0.01);
  let max = at(0.99);
  const clipped = all[0]! < min || all[all.length - 1]! > max;
  if (max === min) ((min -= 0.5), (max += 0.5));
  const width = (max - min) / binCount;
  return {
    detector,
    // Not rounded to a fixed decimal: some detectors (max-probability) span a range narrower than 1e-3.
    centres: Array.from({ length: binCount }, (_, k) => sig6(min + (k + 0.5) * width)),
    width,
    clipped,
    sets: sets.map((s) => {
      const counts = new Array<number>(binCount).fill(0);
      let n = 0;
      for (let i = 0; i < s.scores.length; i++) {
        const v = s.scores[i]!;
        if (!Number.isFinite(v)) continue;
        counts[Math.min(binCount - 1, Math.max(0, Math.floor((v - min) / width)))]! += 1;
        n++;
      }
      // Densities, so sets of different sizes are comparable.
      return { name: s.name, cases: n, note: s.note ?? '', density: counts.map((c) => (n > 0 ? sig6(c / (n * width)) : 0)) };
    }),
  };
}

function sig6(v: number): number {
  return Number(v.toPrecision(6));
}
