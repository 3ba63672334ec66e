/** Average precision (AUPRC) of one label, scikit-learn's definition; throws METRIC_UNDEFINED with the reason. */
import { metricUndefined } from '../metricUndefined';
import { averagePrecisionFromRanking } from './averagePrecisionFromRanking';
import { prepareRanking } from './prepareRanking';

export function computeAveragePrecision(scores: Float64Array, labels: Float64Array, weights?: Float64Array): number {
  const ranking = prepareRanking(scores, labels);
  if (ranking.order.length === 0) throw metricUndefined('AUPRC', 'no cases with a known label');
  const value = averagePrecisionFromRanking(ranking, weights);
  if (Number.isNaN(value)) throw metricUndefined('AUPRC', 'no positive cases');
  return value;
}
