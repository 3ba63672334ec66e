/**
 * The training graph's non-weight inputs for a group of micro-batches, computed so that one ONNX Runtime run over
 * the group gives exactly the gradient the tfjs loop accumulates micro-batch by micro-batch:
 * - per-element loss weights mask × class weight × share ÷ max(Σ mask of its micro-batch, 1) (losses.ts divides
 *   each micro-batch's masked sum by its own mask sum, then the loop scales by the share);
 * - the logit adjustment of losses.ts;
 * - drop-path keep factors drawn from each micro-batch's seed in VitModel.encode's order (block by block, the
 *   attention branch then the MLP branch, B draws each, only where the block's rate > 0), one per token row.
 */
import type { LossConfig } from '../../../src-core/model/trainConfig';
import type { VitConfig } from '../../../src-core/model/vitConfig';
import { vitDims } from '../../../src-core/model/vitConfig';
import { createRng } from '../../../src-core/random/createRng';
import { classBalancedWeights, logitAdjustment } from '../../model/losses';
import type { MicroBatch } from '../../model/parallel/protocol';
import { dropPathRate, keepInputName } from './buildVitTrainGraph';

export interface StepFeeds {
  n: number;
  pixels: Float32Array;
  targets: Float32Array;
  weights: Float32Array;
  logitAdjust: Float32Array;
  /** keep input name → [n·T] factors */
  keeps: Map<string, Float32Array>;
}

export function stepFeeds(c: VitConfig, micro: MicroBatch[], cfg: LossConfig, prior: Float32Array, positives: Float32Array): StepFeeds {
  const C = c.numClasses;
  const T = vitDims(c).numPatches + 1;
  const n = micro.reduce((s, m) => s + m.n, 0);
  const plane = c.imageSize * c.imageSize;
  const pixels = new Float32Array(n * plane);
  const targets = new Float32Array(n * C);
  const weights = new Float32Array(n * C);
  const classWeights = cfg.classBalancedBeta > 0 ? classBalancedWeights(positives, cfg.classBalancedBeta) : undefined;
  const keeps = new Map<string, Float32Array>();
  for (let i = 0; i < c.depth; i++) {
    if (dropPathRate(c, i) <= 0) continue;
    keeps.set(keepInputName(i, 'attn'), new Float32Array(n * T));
    keeps.set(keepInputName(i, 'mlp'), new Float32Array(n * T));
  }
  let at = 0;
  for (const m of micro) {
    pixels.set(m.input, at * plane);
    targets.set(m.targets, at * C);
    let maskSum = 0;
    for (let j = 0; j < m.n * C; j++) maskSum += m.mask[j]!;
    const scale = m.share / Math.max(maskSum, 1);
    for (let j = 0; j < m.n * C; j++) weights[at * C + j] = m.mask[j]! * scale * (classWeights ? classWeights[j % C]! : 1);
    const rng = createRng(m.dropPathSeed);
    for (let i = 0; i < c.depth; i++) {
      const rate = dropPathRate(c, i);
      if (rate <= 0) continue;
      for (const branch of ['attn', 'mlp'] as const) {
        const keep = keeps.get(keepInputName(i, branch))!;
        for (let s = 0; s < m.n; s++) keep.fill(rng.nextFloat() < rate ? 0 : 1 / (1 - rate), (at + s) * T, (at + s + 1) * T);
      }
    }
    at += m.n;
  }
  return { n, pixels, targets, weights, logitAdjust: logitAdjustment(cfg.logitAdjustTau, prior), keeps };
}
