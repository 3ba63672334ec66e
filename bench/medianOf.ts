/** Median of timed repetitions, shared by every benchmark; fewer than three repetitions is refused (a median of one or two is no median). */
import { HilumError } from '../src-core/errors';

export const MIN_REPETITIONS = 3;

export function medianOf(values: readonly number[]): number {
  if (values.length < MIN_REPETITIONS) {
    throw new HilumError(
      'INVALID_ARGUMENT',
      `a benchmark median needs at least ${MIN_REPETITIONS} timed repetitions, got ${values.length}`,
    );
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
