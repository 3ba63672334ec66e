/** How a bootstrap draws cases: plain case resampling, or whole clusters (patients) when cluster ids are given. */
import { HilumError } from '../../errors';
import type { Rng } from '../../random/createRng';

export interface ResamplePlan {
  caseCount: number;
  /** Cluster index of each case, or null to resample cases directly. */
  clusterOf: Int32Array | null;
  clusterCount: number;
}

export function createResamplePlan(caseCount: number, clusters?: ArrayLike<string | number>): ResamplePlan {
  if (clusters === undefined) return { caseCount, clusterOf: null, clusterCount: caseCount };
  if (clusters.length !== caseCount) {
    throw new HilumError('INVALID_ARGUMENT', `cluster ids (${clusters.length}) and cases (${caseCount}) differ in length`);
  }
  const index = new Map<string | number, number>();
  const clusterOf = new Int32Array(caseCount);
  for (let i = 0; i < caseCount; i++) {
    const id = clusters[i]!;
    let c = index.get(id);
    if (c === undefined) {
      c = index.size;
      index.set(id, c);
    }
    clusterOf[i] = c;
  }
  return { caseCount, clusterOf, clusterCount: index.size };
}

/**
 * Fills `counts` with how many times each case is in one bootstrap resample. With clusters, as many
 * clusters as exist are drawn with replacement and each case inherits its cluster's count — images of
 * one patient are never split, which is what keeps the interval honest when patients have many images.
 * `scratch` must hold `clusterCount` entries (only used with clusters).
 */
export function drawResampleCounts(plan: ResamplePlan, rng: Rng, counts: Float64Array, scratch: Float64Array): void {
  counts.fill(0);
  if (plan.clusterOf === null) {
    const n = plan.caseCount;
    for (let d = 0; d < n; d++) counts[rng.nextInt(n)]! += 1;
    return;
  }
  scratch.fill(0);
  for (let d = 0; d < plan.clusterCount; d++) scratch[rng.nextInt(plan.clusterCount)]! += 1;
  const clusterOf = plan.clusterOf;
  for (let i = 0; i < plan.caseCount; i++) counts[i] = scratch[clusterOf[i]!]!;
}
