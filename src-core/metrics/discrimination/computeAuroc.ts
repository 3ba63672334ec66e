/** AUROC of one label (midranks for ties, unknown labels excluded); throws METRIC_UNDEFINED with the reason. */
import { metricUndefined } from '../metricUndefined';
import { aurocFromRanking } from './aurocFromRanking';
import { prepareRanking } from './prepareRanking';

export function computeAuroc(scores: Float64Array, labels: Float64Array, weights?: Float64Array): number {
  const ranking = prepareRanking(scores, labels);
  const n = ranking.order.length;
  if (n === 0) throw metricUndefined('AUROC', 'no cases with a known label');
  let positives = 0;
  for (let k = 0; k < n; k++) positives += ranking.positive[k]!;
  if (positives === 0) throw metricUndefined('AUROC', 'no positive cases', { positives, negatives: n });
  if (positives === n) throw metricUndefined('AUROC', 'no negative cases', { positives, negatives: 0 });
  const sorted = ranking.sortedScores;
  if (sorted[0] === sorted[n - 1])
    throw metricUndefined('AUROC', 'all scores are equal (a constant model ranks nothing)', { score: sorted[0] });
  const value = aurocFromRanking(ranking, weights);
  if (Number.isNaN(value))
    throw metricUndefined('AUROC', 'the weighted positives or negatives sum to zero, or all weighted scores are equal');
  return value;
}
