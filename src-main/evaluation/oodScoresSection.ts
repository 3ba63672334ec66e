/** The per-image OOD scores of every detector on every scored set, and the model's own OOD thresholds, as the report stores them. */
import type { OodScoresJson } from '../../src-core/contracts/evaluationReport';
import type { OodDetector } from './oodDetectorScores';
import type { EvalModel } from './resolveEvalModel';

type DetectorScores = Partial<Record<OodDetector, Float64Array>>;

/**
 * 9 significant digits: enough to tell apart any two scores from distinct float32 outputs (float32 round-trips in 9),
 * so no ties are made by rounding; ODIN's −σ(z/1000) differs from −0.5 only from the 4th digit.
 */
export const storedScorePrecision = '9 significant digits; null where the score is not finite';

/** One score as stored; a threshold compared with stored scores is rounded the same way, so a case at the threshold stays at it. */
export function storedScore(v: number): number {
  return Number(v.toPrecision(9));
}

function rounded(scores: Float64Array): Array<number | null> {
  return Array.from(scores, (v) => (Number.isFinite(v) ? storedScore(v) : null));
}

export function oodScoresSection(
  idScores: DetectorScores,
  scoreSets: ReadonlyArray<{ name: string; scores: DetectorScores }>,
): OodScoresJson {
  const set = (name: string, scores: DetectorScores) => {
    const detectors: Record<string, Array<number | null>> = {};
    for (const [detector, values] of Object.entries(scores)) if (values) detectors[detector] = rounded(values);
    return { name, cases: Object.values(scores)[0]?.length ?? 0, detectors };
  };
  return {
    precision: storedScorePrecision,
    sets: [set('in-distribution', idScores), ...scoreSets.map((s) => set(s.name, s.scores))],
  };
}

/** A bundle's fitted thresholds (ood.json); an ensemble or a bare checkpoint has none, and the section is then absent. */
export function oodOperatingThresholds(model: EvalModel): { source: string; thresholds: Record<string, number> } | undefined {
  const ood = model.decisions?.ood;
  if (!ood) return undefined;
  const thresholds: Record<string, number> = {};
  if (ood.energy) thresholds.energy = ood.energy.threshold;
  if (ood.mahalanobis) thresholds.mahalanobis = ood.mahalanobis.threshold;
  return Object.keys(thresholds).length > 0 ? { source: `the bundle's ood.json (primary detector ${ood.primary})`, thresholds } : undefined;
}
