/** Applies frozen per-label thresholds: 1 where score ≥ threshold, else 0. */
import { HilumError } from '../../errors';
import type { LabelColumns } from '../types';

export function applyThresholds(predictions: LabelColumns, thresholds: readonly number[]): Uint8Array[] {
  if (predictions.length !== thresholds.length) {
    throw new HilumError('INVALID_ARGUMENT', `${thresholds.length} thresholds for ${predictions.length} labels`);
  }
  return predictions.map((scores, l) => {
    const t = thresholds[l]!;
    const out = new Uint8Array(scores.length);
    for (let i = 0; i < scores.length; i++) out[i] = scores[i]! >= t ? 1 : 0;
    return out;
  });
}
