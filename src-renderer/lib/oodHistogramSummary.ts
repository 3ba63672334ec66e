/** The text a screen reader gets for one OOD detector's histogram: its AUROC per OOD set and the fraction of each set every threshold flags. */
import type { ResponseOf } from '../../src-core/contracts/bridge';
import { formatCount, formatEstimate, formatNumber, formatPercent } from './format';

type OodReport = ResponseOf<'ood.report'>;
type Histogram = OodReport['histograms'][number];

export function oodHistogramSummary(h: Histogram, sets: OodReport['sets']): string {
  const aurocs = sets.flatMap((set) => {
    const d = set.detectors.find((x) => x.detector === h.detector);
    return d ? [`OOD AUROC on ${set.name} ${formatEstimate(d.auroc)}`] : [];
  });
  const counts = h.sets.map((s) => `${s.name} ${formatCount(s.cases)}`).join(', ');
  const lines = h.thresholds.map(
    (t) => `${t.name} (${formatNumber(t.value)}) flags ${t.flagged.map((f) => `${formatPercent(f.fraction)} of ${f.set}`).join(', ')}`,
  );
  const operating = h.thresholds.some((t) => t.kind === 'operating') ? '' : ' The model has no operating threshold for this detector.';
  return `${h.detector} scores (cases: ${counts}). ${aurocs.join('; ') || 'No OOD AUROC'}. ${lines.join('; ') || 'No threshold'}.${operating}`;
}
