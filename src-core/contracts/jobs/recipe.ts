/**
 * Recipe jobs: the compute behind `hilum train --dataset`, `hilum bundle --run` and `hilum eval` that must
 * not run in the main process. `arrays.prepare` reads a split's cached pixels into the .npy arrays the
 * trainer reads (one normalisation, fitted on the training split unless given); `model.infer` exports
 * weights to ONNX behind the parity gate (or opens a bundle's verified graph) and writes logits and
 * features of cached dataset images and decoded folders as .npy files, optionally with ODIN scores.
 */
import { s } from '../../validate';
import { defineJob } from './defineJob';

const normalization = s.object({ mean: s.number(), std: s.number() });
const preprocessing = s.object({
  imageSize: s.number({ min: 1 }),
  aspect: s.enumOf(['pad', 'stretch'] as const),
  voi: s.enumOf(['header', 'percentile'] as const),
  normalization,
});

/** A set of images to run: cached dataset images by cache key, or a folder of files decoded with the model's preprocessing. */
const inferSet = s.object({
  name: s.string(),
  cacheKeys: s.optional(s.array(s.string())),
  folder: s.optional(s.string()),
  nonChestOnly: s.optional(s.boolean()),
});

const inferModel = s.object({
  /** A verified bundle's graph, with the manifest's SHA-256 of it (checked again in the worker). */
  onnxFile: s.optional(s.string()),
  onnxSha256: s.optional(s.string()),
  /** Or weights to export: a safetensors file, optionally only the tensors under a prefix (e.g. "ema." in an optimiser checkpoint). */
  weightsFile: s.optional(s.string()),
  weightsPrefix: s.optional(s.string()),
  config: s.optional(s.unknown()),
});

export const recipeJobs = {
  'arrays.prepare': defineJob(
    'Reads cached pixels of dataset splits into normalised images.npy files (resampled to the image size), fitting the normalisation on the first set unless given',
    s.object({
      cacheDir: s.string(),
      imageSize: s.number({ min: 1 }),
      normalization: s.nullable(normalization),
      sets: s.array(s.object({ name: s.string(), cacheKeys: s.array(s.string()), outDir: s.string() })),
    }),
    s.object({
      normalization,
      sets: s.array(s.object({ name: s.string(), images: s.number(), file: s.string(), resampledFrom: s.nullable(s.number()) })),
    }),
  ),
  'model.infer': defineJob(
    'Logits and pooled features of image sets through ONNX Runtime (exporting weights behind the parity gate first), written as .npy files',
    s.object({
      model: inferModel,
      preprocessing,
      cacheDir: s.string(),
      sets: s.array(inferSet),
      outDir: s.string(),
      /** Write the exported graph and the canonical weights here (bundling). */
      exportDir: s.optional(s.string()),
      odin: s.optional(
        s.object({ temperature: s.number(), epsilon: s.union(s.number(), s.literal('auto')), validationSet: s.optional(s.string()) }),
      ),
      /** Test-time augmentation as `hilum predict --tta` serves it: logits averaged over the default variants (features: the unaugmented image). */
      tta: s.optional(s.boolean()),
    }),
    s.object({
      parityMaxAbsDiff: s.nullable(s.number()),
      weightsSha256: s.nullable(s.string()),
      exported: s.nullable(s.object({ onnxFile: s.string(), weightsFile: s.string(), opset: s.number(), irVersion: s.number() })),
      odin: s.nullable(s.object({ temperature: s.number(), epsilon: s.number(), selection: s.string(), backend: s.string() })),
      sets: s.array(
        s.object({
          name: s.string(),
          n: s.number(),
          numClasses: s.number(),
          width: s.number(),
          logitsFile: s.string(),
          featuresFile: s.string(),
          odinFile: s.nullable(s.string()),
          files: s.nullable(s.array(s.string())),
          rejected: s.array(s.object({ file: s.string(), reason: s.string() })),
        }),
      ),
    }),
  ),
} as const;
