/**
 * `inference.predictFiles`: the heavy half of the predict service (decode each input, ONNX Runtime,
 * FHIR and saliency files) for bundles main has already verified. The inference records come back
 * in order so main can audit each one.
 */
import { s } from '../../validate';
import { bytesSchema } from './bytesSchema';
import { defineJob } from './defineJob';

const augmentation = s.object({ name: s.string(), rotationDegrees: s.number(), scale: s.number() });

/** A bundle main verified byte for byte (loadBundle): the worker re-checks weights.safetensors against the manifest it hashes to bundleHash. */
export const verifiedBundle = s.object({ source: s.string(), bundleHash: s.string(), spec: s.unknown(), modelBytes: bytesSchema });

const labelResult = s.object({
  probability: s.number(),
  decision: s.string(),
  threshold: s.number(),
  uncertainty: s.unknown(),
  abstainReasons: s.array(s.string()),
});

export const predictResultEntry = s.union(
  s.object({
    input: s.string(),
    inputSha256: s.string(),
    bundleHash: s.string(),
    utc: s.string(),
    labels: s.record(labelResult),
    ood: s.object({ score: s.number(), detector: s.string(), flagged: s.boolean(), reasons: s.array(s.string()), scores: s.unknown() }),
    abstained: s.boolean(),
    modality: s.nullable(s.string()),
    members: s.number(),
    fhirFile: s.optional(s.string()),
    saliencyFile: s.optional(s.string()),
    /** The raw attention map as JSON `{ grid, values }`, a hidden sidecar of the PNG (the viewer draws it over the radiograph). */
    saliencyMapFile: s.optional(s.string()),
  }),
  s.object({
    input: s.string(),
    inputSha256: s.nullable(s.string()),
    error: s.object({ code: s.string(), message: s.string(), details: s.optional(s.record(s.unknown())), name: s.optional(s.string()) }),
  }),
);

export const inferenceRecord = s.object({
  inputSha256: s.string(),
  input: s.string(),
  bundleHash: s.string(),
  utc: s.string(),
  outputs: s.object({
    labels: s.record(s.object({ probability: s.number(), decision: s.string() })),
    ood: s.object({ score: s.number(), flagged: s.boolean(), reasons: s.array(s.string()) }),
    abstained: s.boolean(),
  }),
});

export const inferenceJobs = {
  'inference.predictFiles': defineJob(
    'Decodes each input (a bad file becomes a typed error entry), predicts in batches with ONNX Runtime, writes FHIR and saliency files',
    s.object({
      bundles: s.array(verifiedBundle),
      files: s.array(s.string()),
      expectedHash: s.optional(s.string()),
      ensembleSpec: s.optional(s.unknown()),
      tta: s.optional(s.union(s.boolean(), s.array(augmentation))),
      threads: s.optional(s.number({ integer: true, min: 1 })),
      batchSize: s.optional(s.number({ integer: true, min: 1 })),
      fhirDir: s.optional(s.string()),
      saliencyDir: s.optional(s.string()),
      /** Fixed time for every result (tests); the worker's clock otherwise. */
      utc: s.optional(s.string()),
    }),
    s.object({
      bundleHash: s.string(),
      memberHashes: s.array(s.string()),
      providers: s.array(s.object({ provider: s.string(), skipped: s.array(s.object({ provider: s.string(), reason: s.string() })) })),
      results: s.array(predictResultEntry),
      inferences: s.array(inferenceRecord),
    }),
  ),
} as const;
