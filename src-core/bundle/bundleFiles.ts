/** Schemas and types of the JSON files inside a model bundle (see docs/BUNDLE_FORMAT.md). */
import { HilumError } from '../errors';
import { validateVitConfig, type VitConfig } from '../model/vitConfig';
import { s, type Infer, type Schema } from '../validate';

const finite = s.number();
const positive = s.number({ min: Number.MIN_VALUE });
const probability = s.number({ min: 0, max: 1 });

export const labelsFileSchema = s.object({ labels: s.array(s.string({ minLength: 1 })) });

export const preprocessingFileSchema = s.object({
  imageSize: s.number({ min: 1, integer: true }),
  /** stretch: resize ignoring aspect; pad: letterbox to a square on black. */
  aspect: s.enumOf(['stretch', 'pad'] as const),
  /** DICOM VOI: the file's window / VOI LUT ('header') or a percentile window; PNG/JPEG are already display values. */
  voi: s.enumOf(['header', 'percentile'] as const),
  /** Applied to pixels in [0, 1]: (x − mean) / std. */
  normalization: s.object({ mean: finite, std: positive }),
});

const openProbability = s.number({ min: Number.MIN_VALUE, max: 1 - Number.EPSILON });

export const calibrationFileSchema = s.object({
  method: s.literal('temperature'),
  /** Per label: calibrated p = σ(z / T). */
  temperatures: s.record(positive),
  /**
   * Optional label-shift adjustment to a deployment prevalence (Saerens et al. 2002): for a label listed
   * here p = σ(z / T + logit(target) − logit(source)), source = the training prevalence, target = known
   * or estimated by EM on unlabelled deployment images.
   */
  priorShift: s.optional(
    s.object({
      method: s.enumOf(['known', 'em'] as const),
      source: s.record(openProbability),
      target: s.record(openProbability),
      estimatedOn: s.optional(s.string()),
    }),
  ),
});

export const thresholdsFileSchema = s.object({
  /** Per label: positive when the calibrated probability ≥ threshold. */
  thresholds: s.record(probability),
  selectedBy: s.optional(s.string()),
});

export const abstentionFileSchema = s.object({
  /** Abstain on every label when the case is flagged out-of-distribution. */
  abstainWhenOod: s.boolean(),
  /** Per label: abstain when lower ≤ p < upper (a band around the threshold where the model is unreliable). */
  bands: s.record(s.object({ lower: probability, upper: probability })),
  /** Abstain on a label when the spread (SD of member probabilities) across TTA / ensemble members exceeds this. */
  maxSpread: s.optional(s.nullable(probability)),
});

export const mahalanobisParamsSchema = s.object({
  dimension: s.number({ min: 1, integer: true }),
  classes: s.array(s.string()),
  /** W = L⁻¹ with shared covariance Σ = L Lᵀ, row-major d×d. */
  whitening: s.array(finite),
  /** W μ_c per class. */
  whitenedMeans: s.array(s.array(finite)),
  shrinkage: finite,
});

export const oodFileSchema = s.object({
  /** Which score is reported as `ood.score`. */
  primary: s.enumOf(['energy', 'mahalanobis'] as const),
  energy: s.nullable(s.object({ threshold: finite })),
  mahalanobis: s.nullable(s.object({ threshold: finite, params: mahalanobisParamsSchema })),
  /** DICOM modalities accepted as chest radiographs; others get NON_CHEST_MODALITY. */
  acceptedModalities: s.array(s.string()),
});

export const provenanceFileSchema = s.object({
  trainingRun: s.string(),
  dataHash: s.string(),
  seed: s.number({ integer: true }),
  codeVersion: s.string(),
  backend: s.string(),
  createdUtc: s.string(),
  onnx: s.object({ opset: s.number({ integer: true }), irVersion: s.number({ integer: true }), parityMaxAbsDiff: s.nullable(s.number()) }),
  notes: s.optional(s.string()),
});

export type LabelsFile = Infer<typeof labelsFileSchema>;
export type PreprocessingSpec = Infer<typeof preprocessingFileSchema>;
export type CalibrationFile = Infer<typeof calibrationFileSchema>;
export type ThresholdsFile = Infer<typeof thresholdsFileSchema>;
export type AbstentionFile = Infer<typeof abstentionFileSchema>;
export type MahalanobisParams = Infer<typeof mahalanobisParamsSchema>;
export type OodFile = Infer<typeof oodFileSchema>;
export type ProvenanceFile = Infer<typeof provenanceFileSchema>;

/** The parsed JSON content of a bundle. */
export interface BundleSpec {
  config: VitConfig;
  labels: LabelsFile;
  preprocessing: PreprocessingSpec;
  calibration: CalibrationFile;
  thresholds: ThresholdsFile;
  abstention: AbstentionFile;
  ood: OodFile;
  provenance: ProvenanceFile;
}

function parseWith<T>(schema: Schema<T>, value: unknown, file: string): T {
  try {
    return schema.parse(value);
  } catch (e) {
    throw new HilumError('CONFIG_INVALID', `${file}: ${(e as Error).message}`, { file });
  }
}

/** Parses and cross-checks the bundle's JSON files: every label has a temperature, a threshold and a band. */
export function parseBundleSpec(json: Record<keyof BundleSpec, unknown>): BundleSpec {
  const config = validateVitConfig(json.config as VitConfig, 'config.json');
  const spec: BundleSpec = {
    config,
    labels: parseWith(labelsFileSchema, json.labels, 'labels.json'),
    preprocessing: parseWith(preprocessingFileSchema, json.preprocessing, 'preprocessing.json'),
    calibration: parseWith(calibrationFileSchema, json.calibration, 'calibration.json'),
    thresholds: parseWith(thresholdsFileSchema, json.thresholds, 'thresholds.json'),
    abstention: parseWith(abstentionFileSchema, json.abstention, 'abstention.json'),
    ood: parseWith(oodFileSchema, json.ood, 'ood.json'),
    provenance: parseWith(provenanceFileSchema, json.provenance, 'provenance.json'),
  };
  const labels = spec.labels.labels;
  if (labels.length !== config.numClasses) {
    throw new HilumError('CONFIG_INVALID', `labels.json lists ${labels.length} labels, the model has ${config.numClasses} outputs`, {
      file: 'labels.json',
    });
  }
  if (spec.preprocessing.imageSize !== config.imageSize) {
    throw new HilumError(
      'CONFIG_INVALID',
      `preprocessing.json imageSize ${spec.preprocessing.imageSize} ≠ model imageSize ${config.imageSize}`,
      { file: 'preprocessing.json' },
    );
  }
  const need = (file: string, rec: Record<string, unknown>): void => {
    for (const l of labels) if (!(l in rec)) throw new HilumError('CONFIG_INVALID', `${file}: no entry for label ${l}`, { file, label: l });
  };
  need('calibration.json', spec.calibration.temperatures);
  const shift = spec.calibration.priorShift;
  if (shift)
    for (const l of Object.keys(shift.target))
      if (!labels.includes(l) || !(l in shift.source))
        throw new HilumError('CONFIG_INVALID', `calibration.json: priorShift for "${l}" needs a known label with a source prevalence`, {
          file: 'calibration.json',
          label: l,
        });
  need('thresholds.json', spec.thresholds.thresholds);
  need('abstention.json', spec.abstention.bands);
  const m = spec.ood.mahalanobis?.params;
  if (
    m &&
    (m.whitening.length !== m.dimension * m.dimension ||
      m.dimension !== config.width ||
      m.whitenedMeans.some((v) => v.length !== m.dimension))
  ) {
    throw new HilumError('CONFIG_INVALID', `ood.json: Mahalanobis parameters do not match feature dimension ${config.width}`, {
      file: 'ood.json',
    });
  }
  if (spec.ood[spec.ood.primary] === null) {
    throw new HilumError('CONFIG_INVALID', `ood.json: primary detector ${spec.ood.primary} has no parameters`, { file: 'ood.json' });
  }
  return spec;
}

/** A verified bundle in memory: what inference needs (the weights file is verified but not kept). */
export interface LoadedBundle {
  bundleHash: string;
  spec: BundleSpec;
  modelBytes: Uint8Array;
  /** Where it was loaded from, for messages only: identity is the hash. */
  source: string;
  /** Re-reads weights.safetensors and re-checks its manifest hash (for saliency; not kept in memory). */
  readWeights?: () => Uint8Array;
}
