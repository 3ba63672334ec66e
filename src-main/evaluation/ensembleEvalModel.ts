/**
 * An ensemble of evaluated models as one model: the members' calibrated logits are averaged
 * (combineEnsembleOutputs), so the ensemble itself has temperature 1, no label-shift offset of its own, no
 * decision rules (none were fitted for the combination) and no Mahalanobis detector (the members' feature
 * spaces differ). Its hash is the SHA-256 of the members' hashes, in order.
 */
import { HilumError } from '../../src-core/errors';
import { sha256Hex } from '../governance/sha256Hex';
import type { EvalModel } from './resolveEvalModel';

export const ENSEMBLE_COMBINATION =
  "mean over members of each member's calibrated logit z/T (+ its label-shift offset): members are put on one probability scale " +
  'before averaging so none dominates by logit scale, and the mean stays a logit (exact NLL, same ranking engine); ' +
  'not recalibrated as a whole';

export function ensembleEvalModel(members: EvalModel[]): EvalModel {
  const first = members[0];
  if (!first || members.length < 2)
    throw new HilumError('INVALID_ARGUMENT', 'an ensemble needs at least two models', { members: members.length });
  const names = first.labelNames;
  for (const m of members) {
    if (!m.labelNames || !names || m.labelNames.join('\u0000') !== names.join('\u0000'))
      throw new HilumError(
        'INVALID_ARGUMENT',
        `${m.ref}: every ensemble member must be a bundle with the same labels in the same order (${names?.join(', ') ?? 'first member has none'})`,
        { file: m.ref },
      );
  }
  return {
    kind: 'ensemble',
    ref: members.map((m) => m.ref).join(' + '),
    hash: sha256Hex(Buffer.from(members.map((m) => m.hash).join('\n'))),
    config: first.config,
    labelNames: [...names!],
    temperatures: Object.fromEntries(names!.map((n) => [n, 1])),
    priorOffsets: null,
    priorTargets: null,
    preprocessing: first.preprocessing,
    preprocessingSource: 'each member its own bundle',
    mahalanobis: null,
    decisions: null,
    job: first.job,
    weightsFile: null,
    runId: null,
    members,
  };
}
