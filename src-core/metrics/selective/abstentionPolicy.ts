/** Abstention policies: abstain on low confidence, on a high OOD score, or on either (combined). */
import { HilumError } from '../../errors';

export type AbstentionPolicy =
  | { kind: 'confidence'; minConfidence: number }
  | { kind: 'ood'; maxOodScore: number }
  | { kind: 'combined'; minConfidence: number; maxOodScore: number };

/** 1 = abstain. Confidence below the minimum, or OOD score above the maximum (higher = more OOD), abstains. */
export function abstentionMask(policy: AbstentionPolicy, inputs: { confidence?: Float64Array; oodScore?: Float64Array }): Uint8Array {
  const needConfidence = policy.kind !== 'ood';
  const needOod = policy.kind !== 'confidence';
  if (needConfidence && inputs.confidence === undefined)
    throw new HilumError('INVALID_ARGUMENT', `policy '${policy.kind}' needs confidence`);
  if (needOod && inputs.oodScore === undefined) throw new HilumError('INVALID_ARGUMENT', `policy '${policy.kind}' needs OOD scores`);
  const n = (inputs.confidence ?? inputs.oodScore)!.length;
  if (inputs.confidence && inputs.oodScore && inputs.oodScore.length !== n)
    throw new HilumError('INVALID_ARGUMENT', 'confidence and OOD scores differ in length');
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const lowConfidence = 'minConfidence' in policy && inputs.confidence![i]! < policy.minConfidence;
    const outOfDistribution = 'maxOodScore' in policy && inputs.oodScore![i]! > policy.maxOodScore;
    mask[i] = lowConfidence || outOfDistribution ? 1 : 0;
  }
  return mask;
}

/** Coverage and risk (mean loss of the accepted cases) under an abstention mask. */
export function abstentionOutcome(mask: Uint8Array, loss: Float64Array): { coverage: number; risk: number; accepted: number } {
  let accepted = 0;
  let lossSum = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 1) continue;
    accepted++;
    lossSum += loss[i]!;
  }
  return { coverage: mask.length > 0 ? accepted / mask.length : NaN, risk: accepted > 0 ? lossSum / accepted : NaN, accepted };
}
