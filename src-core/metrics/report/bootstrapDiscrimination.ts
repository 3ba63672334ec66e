/** Bootstrap CIs for per-label AUROC / AUPRC / Brier / ECE and macro / micro AUROC, AUPRC on shared resamples. */
import { forEachResample, summarize, type BootstrapOptions, type BootstrapResult } from '../bootstrap/bootstrapCi';
import { reliabilityFromRanking, calibrationErrors } from '../calibration/reliabilityFromRanking';
import { brierWeighted } from '../calibration/computeBrier';
import { aurocFromRanking } from '../discrimination/aurocFromRanking';
import { averagePrecisionFromRanking } from '../discrimination/averagePrecisionFromRanking';
import { flattenColumns } from '../discrimination/flattenColumns';
import { prepareRanking, type Ranking } from '../discrimination/prepareRanking';
import type { LabelColumns } from '../types';

export interface DiscriminationIntervals {
  perLabel: { auroc: BootstrapResult; auprc: BootstrapResult; brier: BootstrapResult; ece: BootstrapResult }[];
  macro: { auroc: BootstrapResult; auprc: BootstrapResult; labelsUsed: { auroc: number[]; auprc: number[] } };
  micro: { auroc: BootstrapResult; auprc: BootstrapResult };
}

type PerLabelStat = (w: Float64Array) => number;

/**
 * Scores rank AUROC/AUPRC (raw scores: logits keep their order even where σ saturates); probabilities
 * feed Brier and ECE (15 equal-width bins). A macro resample is the mean over the labels defined on
 * the original cases; it is NaN (counted as undefined) if any of them is undefined in that resample,
 * rather than silently averaging a different set of labels.
 */
export function bootstrapDiscrimination(
  scores: LabelColumns,
  probabilities: LabelColumns,
  labels: LabelColumns,
  options: BootstrapOptions,
  eceBins = 15,
): DiscriminationIntervals {
  const n = labels[0]!.length;
  const L = labels.length;
  const scoreRankings = scores.map((s, l) => prepareRanking(s, labels[l]!));
  const probabilityRankings = probabilities.map((p, l) => prepareRanking(p, labels[l]!));
  const perLabel: PerLabelStat[][] = labels.map((y, l) => [
    (w) => aurocFromRanking(scoreRankings[l]!, w),
    (w) => averagePrecisionFromRanking(scoreRankings[l]!, w),
    (w) => brierWeighted(probabilities[l]!, y, w),
    (w) => eceOf(probabilityRankings[l]!, eceBins, w),
  ]);
  const flatRanking = prepareRanking(flattenColumns(scores), flattenColumns(labels));
  const flatWeights = new Float64Array(n * L);
  const expand = (w: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) for (let l = 0; l < L; l++) flatWeights[i * L + l] = w[i]!;
    return flatWeights;
  };
  const ones = new Float64Array(n).fill(1);
  const points = perLabel.map((stats) => stats.map((s) => s(ones)));
  const usedAuroc = points.map((p, l) => (Number.isNaN(p[0]!) ? -1 : l)).filter((l) => l >= 0);
  const usedAuprc = points.map((p, l) => (Number.isNaN(p[1]!) ? -1 : l)).filter((l) => l >= 0);
  const mean = (values: number[][], k: number, used: number[]): number =>
    used.length === 0 ? NaN : used.reduce((s, l) => s + values[l]![k]!, 0) / used.length;
  const R = options.resamples;
  const draws = perLabel.map((stats) => stats.map(() => new Float64Array(R)));
  const macroDraws = [new Float64Array(R), new Float64Array(R)];
  const microDraws = [new Float64Array(R), new Float64Array(R)];
  const current = perLabel.map((stats) => stats.map(() => NaN));
  forEachResample(n, options, (w, r) => {
    perLabel.forEach((stats, l) =>
      stats.forEach((s, k) => {
        const v = s(w);
        current[l]![k] = v;
        draws[l]![k]![r] = v;
      }),
    );
    macroDraws[0]![r] = mean(current, 0, usedAuroc);
    macroDraws[1]![r] = mean(current, 1, usedAuprc);
    const fw = expand(w);
    microDraws[0]![r] = aurocFromRanking(flatRanking, fw);
    microDraws[1]![r] = averagePrecisionFromRanking(flatRanking, fw);
  });
  const flatOnes = expand(ones);
  return {
    perLabel: points.map((p, l) => ({
      auroc: summarize(p[0]!, draws[l]![0]!),
      auprc: summarize(p[1]!, draws[l]![1]!),
      brier: summarize(p[2]!, draws[l]![2]!),
      ece: summarize(p[3]!, draws[l]![3]!),
    })),
    macro: {
      auroc: summarize(mean(points, 0, usedAuroc), macroDraws[0]!),
      auprc: summarize(mean(points, 1, usedAuprc), macroDraws[1]!),
      labelsUsed: { auroc: usedAuroc, auprc: usedAuprc },
    },
    micro: {
      auroc: summarize(aurocFromRanking(flatRanking, flatOnes), microDraws[0]!),
      auprc: summarize(averagePrecisionFromRanking(flatRanking, flatOnes), microDraws[1]!),
    },
  };
}

function eceOf(ranking: Ranking, bins: number, w: Float64Array): number {
  return calibrationErrors(reliabilityFromRanking(ranking, bins, 'equalWidth', w)).ece;
}
