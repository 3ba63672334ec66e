/** Sorts one label's known cases by score once, so AUROC / AP under any case weights is a single O(n) pass. */
import { HilumError } from '../../errors';

/**
 * Cases with a known label (NaN labels dropped), ordered by ascending score. `groupEnd[k]` is 1 when
 * position k is the last of a run of tied scores: metrics treat each tie group as one threshold,
 * which is what midranks (AUROC) and scikit-learn's distinct thresholds (AP) do.
 */
export interface Ranking {
  /** Case indices, ascending score. */
  order: Int32Array;
  /** 1 when the case at this position is positive. */
  positive: Uint8Array;
  /** 1 when this position closes a group of tied scores. */
  groupEnd: Uint8Array;
  /** Score at each sorted position. */
  sortedScores: Float64Array;
  /**
   * order[k] << 2 | positive[k] << 1 | groupEnd[k]: the bootstrap's inner loops read one sequential
   * array instead of three (≈ 1.6× faster). Limits a ranking to 2^29 cases.
   */
  packed: Int32Array;
}

/** `members` restricts the ranking to a subset of cases (a subgroup); indices in `order` stay global. */
export function prepareRanking(scores: Float64Array, labels: Float64Array, members?: Int32Array): Ranking {
  if (scores.length !== labels.length) {
    throw new HilumError('INVALID_ARGUMENT', `scores (${scores.length}) and labels (${labels.length}) differ in length`, {
      scores: scores.length,
      labels: labels.length,
    });
  }
  const candidates = members ?? Int32Array.from({ length: labels.length }, (_, i) => i);
  let known = 0;
  for (const i of candidates) {
    const y = labels[i]!;
    if (Number.isNaN(y)) continue;
    if (y !== 0 && y !== 1) throw new HilumError('INVALID_ARGUMENT', `label value ${y} at case ${i} is not 0, 1 or unknown`, { index: i });
    if (Number.isNaN(scores[i]!)) throw new HilumError('INVALID_ARGUMENT', `score at case ${i} is NaN`, { index: i });
    known++;
  }
  const order = new Int32Array(known);
  let k = 0;
  for (const i of candidates) if (!Number.isNaN(labels[i]!)) order[k++] = i;
  order.sort((a, b) => scores[a]! - scores[b]! || a - b);
  const positive = new Uint8Array(known);
  const groupEnd = new Uint8Array(known);
  const sortedScores = new Float64Array(known);
  for (let k = 0; k < known; k++) {
    const i = order[k]!;
    positive[k] = labels[i] === 1 ? 1 : 0;
    sortedScores[k] = scores[i]!;
  }
  for (let k = 0; k < known; k++) groupEnd[k] = k === known - 1 || sortedScores[k + 1] !== sortedScores[k] ? 1 : 0;
  if (known >= 2 ** 29) throw new HilumError('INVALID_ARGUMENT', `a ranking is limited to 2^29 cases, got ${known}`);
  const packed = new Int32Array(known);
  for (let k = 0; k < known; k++) packed[k] = (order[k]! << 2) | (positive[k]! << 1) | groupEnd[k]!;
  return { order, positive, groupEnd, sortedScores, packed };
}
