/**
 * validation.compare: two recorded evaluations of the same dataset split, compared on the cases both scored, as
 * `hilum compare` does (DeLong and the patient-clustered paired bootstrap, in the `evaluation.compare` job). Both
 * need stored per-image outputs; different sets of images are refused rather than compared on a silent subset.
 */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import type { Store } from '../../store/openStore';
import type { JobStarter } from '../AppServices';
import { storedEvaluationOutputs, withoutOutputsReason } from './storedEvaluationOutputs';

type Comparison = ResponseOf<'validation.compare'>;
export const compareResamples = 1000;

export async function comparePairedEvaluations(
  store: Store,
  host: JobStarter,
  a: { id: string; modelId: string; json: string },
  b: { id: string; modelId: string; json: string },
): Promise<Comparison> {
  const [sa, sb] = [storedEvaluationOutputs(store, a), storedEvaluationOutputs(store, b)];
  if (!sa || !sb) return { reason: withoutOutputsReason, dataset: null, cases: 0, labels: [], macro: null };
  if (sa.run.datasetName !== sb.run.datasetName || sa.run.split !== sb.run.split)
    throw new HilumError(
      'INVALID_ARGUMENT',
      `evaluations ${a.id} (${sa.run.datasetName} ${sa.run.split}) and ${b.id} (${sb.run.datasetName} ${sb.run.split}) are not on the same dataset split`,
      { a: a.id, b: b.id },
    );
  const rowOfB = new Map(sb.imageIds.map((id, i) => [id, i]));
  const same = sa.imageIds.length === sb.imageIds.length && sa.imageIds.every((id) => id !== null && rowOfB.has(id));
  if (!same)
    throw new HilumError(
      'INVALID_ARGUMENT',
      `evaluations ${a.id} and ${b.id} scored different images of ${sa.run.datasetName} ${sa.run.split}`,
      {
        a: a.id,
        b: b.id,
      },
    );
  const labels = sa.labelNames.filter((name) => sb.labelNames.includes(name));
  if (labels.length === 0) throw new HilumError('INVALID_ARGUMENT', `evaluations ${a.id} and ${b.id} share no label`, { a: a.id, b: b.id });
  const order = sa.imageIds.map((id) => rowOfB.get(id)!);
  const result = await host.run('evaluation.compare', {
    labelNames: labels,
    scoresA: labels.map((name) => sa.logits.map((z) => z[sa.labelNames.indexOf(name)]!)),
    scoresB: labels.map((name) => order.map((i) => sb.logits[i]![sb.labelNames.indexOf(name)]!)),
    targets: labels.map((name) => sa.targets[sa.labelNames.indexOf(name)]!),
    clusters: sa.patients,
    resamples: compareResamples,
    seed: 1,
  });
  return { reason: null, dataset: `${sa.run.datasetName} ${sa.run.split}`, ...result };
}
