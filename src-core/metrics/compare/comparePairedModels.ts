/**
 * Two models' scores on the same cases, compared per label and macro: DeLong's test (per label, cases
 * independent) and the paired bootstrap of the AUROC difference (per label and macro; patients resampled
 * when clusters are given, so images of one patient move together). Pure.
 */
import { pairedBootstrap } from '../bootstrap/pairedBootstrap';
import type { BootstrapOptions } from '../bootstrap/bootstrapCi';
import { aurocFromRanking } from '../discrimination/aurocFromRanking';
import { delongTest } from '../discrimination/delongTest';
import { prepareRanking } from '../discrimination/prepareRanking';
import { jsonEstimate } from '../report/jsonEstimate';
import type { LabelColumns } from '../types';

export interface PairedComparisonInput {
  labelNames: readonly string[];
  scoresA: LabelColumns;
  scoresB: LabelColumns;
  labels: LabelColumns;
  bootstrap: BootstrapOptions;
}

function pairedSummary(result: ReturnType<typeof pairedBootstrap>) {
  return {
    a: jsonEstimate(result.a),
    b: jsonEstimate(result.b),
    difference: jsonEstimate(result.difference),
    pValue: Number.isNaN(result.pValue) ? null : result.pValue,
  };
}

export function comparePairedModels(input: PairedComparisonInput) {
  const n = input.labels[0]?.length ?? 0;
  const rankingsA = input.scoresA.map((s, l) => prepareRanking(s, input.labels[l]!));
  const rankingsB = input.scoresB.map((s, l) => prepareRanking(s, input.labels[l]!));
  const perLabel = Object.fromEntries(
    input.labelNames.map((name, l) => {
      let delong: Record<string, unknown>;
      try {
        const d = delongTest(input.scoresA[l]!, input.scoresB[l]!, input.labels[l]!);
        delong = {
          aurocA: d.aurocA,
          aurocB: d.aurocB,
          difference: d.difference,
          ci95: d.ci95,
          z: d.z,
          pValue: d.pValue,
          positives: d.positives,
          negatives: d.negatives,
        };
      } catch (error) {
        delong = { reason: (error as Error).message };
      }
      const boot = pairedBootstrap(
        n,
        (w) => aurocFromRanking(rankingsA[l]!, w),
        (w) => aurocFromRanking(rankingsB[l]!, w),
        input.bootstrap,
      );
      return [name, { delong, pairedBootstrap: pairedSummary(boot) }];
    }),
  );
  // Macro over the labels whose AUROC is defined for both models on the original cases.
  const defined = input.labelNames
    .map((_, l) => l)
    .filter((l) => Number.isFinite(aurocFromRanking(rankingsA[l]!)) && Number.isFinite(aurocFromRanking(rankingsB[l]!)));
  const macro = (rankings: typeof rankingsA) => (w: Float64Array) =>
    defined.reduce((sum, l) => sum + aurocFromRanking(rankings[l]!, w), 0) / defined.length;
  return {
    cases: n,
    perLabel,
    macro:
      defined.length === 0
        ? { reason: 'no label has a defined AUROC for both models' }
        : {
            labels: defined.map((l) => input.labelNames[l]!),
            pairedBootstrap: pairedSummary(pairedBootstrap(n, macro(rankingsA), macro(rankingsB), input.bootstrap)),
            delong: { reason: 'DeLong is computed per label; the macro difference is tested by the paired bootstrap' },
          },
    definitions: {
      difference: 'AUROC of A minus AUROC of B on the same cases',
      delong: 'DeLong et al. 1988 (fast form of Sun & Xu 2014); treats images as independent',
      pairedBootstrap: `percentile bootstrap, ${input.bootstrap.resamples} resamples, seed ${input.bootstrap.seed}, ${input.bootstrap.clusters ? 'patients resampled (clustered)' : 'images resampled'}; two-sided p from the share of resampled differences on either side of 0`,
    },
  };
}
