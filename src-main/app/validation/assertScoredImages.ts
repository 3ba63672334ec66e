/** Refuses image ids an evaluation did not score: the case channels serve only its own cases (an id from elsewhere is NOT_FOUND). */
import { and, eq, inArray } from 'drizzle-orm';
import { HilumError } from '../../../src-core/errors';
import type { Store } from '../../store/openStore';
import { evaluationOutputs } from '../../store/schema/evaluation';
import { storedRunOf, withoutOutputsReason } from './storedEvaluationOutputs';

export function assertScoredImages(store: Store, recorded: { id: string; modelId: string; json: string }, imageIds: number[]): void {
  const run = storedRunOf(store, recorded);
  if (!run) throw new HilumError('NOT_FOUND', `evaluation ${recorded.id}: ${withoutOutputsReason}`, { evaluationId: recorded.id });
  const scored = new Set(
    store.db
      .select({ imageId: evaluationOutputs.imageId })
      .from(evaluationOutputs)
      .where(and(eq(evaluationOutputs.evaluationId, run.id), inArray(evaluationOutputs.imageId, imageIds)))
      .all()
      .map((row) => row.imageId),
  );
  const foreign = imageIds.filter((id) => !scored.has(id));
  if (foreign.length)
    throw new HilumError('NOT_FOUND', `evaluation ${recorded.id} did not score image(s) ${foreign.join(', ')}`, {
      evaluationId: recorded.id,
    });
}
