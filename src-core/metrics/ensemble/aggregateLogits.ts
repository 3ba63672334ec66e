/** Combines logits across test-time augmentations or ensemble members: mean of logits or mean of probabilities. */
import { HilumError } from '../../errors';
import { logit, sigmoid } from '../math/sigmoid';
import type { LabelColumns } from '../types';

export type AggregationMode = 'meanLogits' | 'meanProbabilities';

/**
 * `members[m][l][i]` is member m's logit for label l, case i. Returns logits either way so that
 * temperature scaling can follow: for 'meanProbabilities' the mean sigmoid is mapped back through
 * logit (clipped at 2⁻⁵²), which is exact except at the clip.
 */
export function aggregateLogits(members: readonly LabelColumns[], mode: AggregationMode): Float64Array[] {
  if (members.length === 0) throw new HilumError('INVALID_ARGUMENT', 'aggregateLogits needs at least one member');
  const first = members[0]!;
  for (const member of members) {
    if (member.length !== first.length || member.some((c, l) => c.length !== first[l]!.length)) {
      throw new HilumError('INVALID_ARGUMENT', 'all members must have the same labels and cases');
    }
  }
  const count = members.length;
  return first.map((column, l) => {
    const out = new Float64Array(column.length);
    for (let i = 0; i < column.length; i++) {
      let sum = 0;
      for (const member of members) {
        const z = member[l]![i]!;
        sum += mode === 'meanLogits' ? z : sigmoid(z);
      }
      out[i] = mode === 'meanLogits' ? sum / count : logit(sum / count);
    }
    return out;
  });
}
