/**
 * `inference.saliency`: a saliency map per input for one finding of a verified bundle: occlusion sensitivity
 * on the bundle's own model.onnx (per finding), or attention rollout (one map for all findings).
 */
import { s } from '../../validate';
import { defineJob } from './defineJob';
import { verifiedBundle } from './inference';

export const saliencyMethods = ['occlusion', 'attention'] as const;
export type SaliencyMethod = (typeof saliencyMethods)[number];

/** One input's map. `values` are raw: calibrated-logit drops (occlusion) or attention scaled to max 1 (attention). */
export const saliencyMapResult = s.object({
  file: s.string(),
  inputSha256: s.string(),
  method: s.enumOf(saliencyMethods),
  /** The finding the map explains (for attention, the finding asked for; the map itself is the same for every finding). */
  finding: s.string(),
  /** The finding's calibrated probability on the unaugmented image (model.onnx, no TTA). */
  probability: s.number(),
  /** Every finding's calibrated probability, for a finding selector. */
  probabilities: s.record(s.number()),
  grid: s.number({ integer: true, min: 1 }),
  values: s.array(s.number()),
  /** Largest value (the top of the colour scale); ≤ 0 when no region lowers the finding's score. */
  peak: s.number(),
  /** Window side in patches (occlusion only; 0 for attention). */
  windowPatches: s.number({ integer: true, min: 0 }),
  pngFile: s.optional(s.string()),
  mapFile: s.optional(s.string()),
});

export const saliencyJobs = {
  'inference.saliency': defineJob(
    'Saliency per input for one finding: occlusion sensitivity on model.onnx (batched) or attention rollout; optional PNG overlay and JSON map files',
    s.object({
      bundle: verifiedBundle,
      items: s.array(s.object({ file: s.string(), pngFile: s.optional(s.string()), mapFile: s.optional(s.string()) })),
      /** A label name, or 'top': each input's highest calibrated probability. */
      finding: s.string(),
      method: s.enumOf(saliencyMethods),
      /** Occlusion window side in patches (default 1: the window equals the stride). */
      windowPatches: s.optional(s.union(s.literal(1), s.literal(2))),
      threads: s.optional(s.number({ integer: true, min: 1 })),
      batchSize: s.optional(s.number({ integer: true, min: 1 })),
    }),
    s.object({ bundleHash: s.string(), maps: s.array(saliencyMapResult) }),
  ),
} as const;
