// An independent recomputation of the per-image OOD scores `hilum eval` stores (report.ood.scores), from the raw logits
// and features it stores in evaluation_outputs and the bundle's Mahalanobis parameters: plain loops over the published
// formulas, sharing no code with src-core/metrics/ood.
import type { MahalanobisParams } from '../../../src-core/bundle/bundleFiles';
import type { Store } from '../../../src-main/store/openStore';

export interface RecomputedScores {
  energy: number[];
  maxLogit: number[];
  maxProbability: number[];
  mahalanobis: number[];
}

export function recomputeOodScores(store: Store, evaluationId: number, role: string, params: MahalanobisParams): RecomputedScores {
  const rows = store.sqlite
    .prepare('SELECT logits_json AS logits, features FROM evaluation_outputs WHERE evaluation_id = ? AND role = ? ORDER BY rowid')
    .all(evaluationId, role) as Array<{ logits: string; features: Buffer }>;
  const out: RecomputedScores = { energy: [], maxLogit: [], maxProbability: [], mahalanobis: [] };
  const d = params.dimension;
  for (const row of rows) {
    const z = JSON.parse(row.logits) as number[];
    // Wang et al. 2021 joint energy over labels: −Σ log(1 + e^z).
    out.energy.push(-z.reduce((a, v) => a + Math.log(1 + Math.exp(v)), 0));
    out.maxLogit.push(-Math.max(...z));
    out.maxProbability.push(-Math.max(...z.map((v) => 1 / (1 + Math.exp(-v)))));
    const f = new Float32Array(row.features.buffer, row.features.byteOffset, row.features.byteLength / 4);
    // Whitened features W·f (W is the inverse Cholesky factor, stored row-major), then the nearest whitened mean.
    const w = Array.from({ length: d }, (_, i) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += params.whitening[i * d + k]! * f[k]!;
      return s;
    });
    out.mahalanobis.push(Math.min(...params.whitenedMeans.map((m) => m.reduce((a, mu, i) => a + (w[i]! - mu) ** 2, 0))));
  }
  return out;
}

/** AUROC of OOD (positive) against in-distribution by counting pairs (ties count half): the Mann–Whitney statistic. */
export function pairCountAuroc(inDistribution: readonly number[], ood: readonly number[]): number {
  let wins = 0;
  for (const o of ood) for (const i of inDistribution) wins += o > i ? 1 : o === i ? 0.5 : 0;
  return wins / (ood.length * inDistribution.length);
}
