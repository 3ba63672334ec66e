/** The OOD part of an evaluation: every detector's scores on the near-OOD dataset and far-OOD folder, with bootstrap CIs against the in-distribution scores. */
import type { MahalanobisModel } from '../../src-core/metrics/ood/fitMahalanobis';
import { bootstrapOodEvaluation } from './bootstrapOodEvaluation';
import { oodDetectorScores, type OodDetector } from './oodDetectorScores';
import type { ReadSet } from './readInferredSet';
import type { StoredOutputs } from './storeEvaluation';

export interface OodSetResult {
  name: string;
  source: string;
  cases: number;
  rejected?: number;
  files?: string[];
  rejectedFiles?: Array<{ file: string; reason: string }>;
  detectors: Partial<Record<OodDetector, ReturnType<typeof bootstrapOodEvaluation>>>;
}

export interface OodInput {
  name: 'near' | 'far';
  source: string;
  set: ReadSet;
  imageIds: number[] | null;
  far?: { files: string[]; rejected: Array<{ file: string; reason: string }> };
}

export function collectOodSets(
  ctx: {
    mahalanobis: MahalanobisModel | null;
    idScores: Partial<Record<OodDetector, Float64Array>>;
    bootstrap: { resamples: number; seed: number };
  },
  inputs: OodInput[],
) {
  const sets: OodSetResult[] = [];
  const scoreSets: Array<{ name: string; scores: Partial<Record<OodDetector, Float64Array>> }> = [];
  const outputs: StoredOutputs[] = [];
  for (const input of inputs) {
    const out = input.set.outputs;
    const scores = oodDetectorScores(out, ctx.mahalanobis);
    if (input.set.odin) scores.odin = input.set.odin;
    scoreSets.push({ name: input.name, scores });
    const detectors: OodSetResult['detectors'] = {};
    for (const d of Object.keys(ctx.idScores) as OodDetector[])
      if (scores[d]) detectors[d] = bootstrapOodEvaluation(ctx.idScores[d]!, scores[d]!, ctx.bootstrap);
    sets.push({
      name: input.name,
      source: input.source,
      cases: out.n,
      ...(input.far ? { rejected: input.far.rejected.length, files: input.far.files, rejectedFiles: input.far.rejected } : {}),
      detectors,
    });
    outputs.push({ role: input.name, imageIds: input.imageIds, sources: input.far?.files ?? null, outputs: out });
  }
  return { sets, scoreSets, outputs };
}
