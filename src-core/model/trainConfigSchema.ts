/**
 * The zod schemas of the training / pretraining config files (trainConfig.ts parses with them). Every key is
 * listed (strict objects: a misspelt setting is refused, not ignored) with its range and default; checks that need
 * more than one field (micro-batch against batch size and memory, preprocessing against the model) follow in trainConfig.ts.
 */
import { z } from 'zod';

/** A finite number in [min, max]; the message states the range. */
export function numberRange(min = -Infinity, max = Infinity) {
  const range = `a number in [${min}, ${max}]`;
  return z.number({ error: range }).gte(min, { error: range }).lte(max, { error: range });
}

/** A finite number in [min, max] that defaults to `def` when absent. */
export const numberIn = (def: number, min = -Infinity, max = Infinity) => numberRange(min, max).default(def);

/** An integer ≥ min. */
export function integerRange(min = 0) {
  const range = `an integer ≥ ${min}`;
  return z.number({ error: range }).int({ error: range }).gte(min, { error: range });
}

/** An integer ≥ min that defaults to `def` when absent. */
export const integerFrom = (def: number, min = 0) => integerRange(min).default(def);

/** Fills a missing discriminating key before the union sees it (`data.source` defaults to npy). */
function withDefaultKey<S extends z.ZodType>(key: string, value: string, schema: S) {
  return z.preprocess((v) => {
    if (v === undefined) return { [key]: value };
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && (v as Record<string, unknown>)[key] === undefined)
      return { ...v, [key]: value };
    return v;
  }, schema);
}

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `one of ${values.join(', ')}` });

/** Every model key is accepted; the values are checked by validateVitConfig after the preset is merged in. */
export const modelSectionSchema = z
  .strictObject(
    {
      preset: z.string({ error: 'a ViT preset name' }).default('vit-micro'),
      imageSize: z.unknown().optional(),
      patchSize: z.unknown().optional(),
      width: z.unknown().optional(),
      depth: z.unknown().optional(),
      heads: z.unknown().optional(),
      mlpRatio: z.unknown().optional(),
      numClasses: z.unknown().optional(),
      dropPath: z.unknown().optional(),
      // channels, layerNormEps and pooling are fixed, but accepted (and checked) so a run's own run.json is a valid config.
      channels: z.unknown().optional(),
      layerNormEps: z.unknown().optional(),
      pooling: z.unknown().optional(),
    },
    { error: 'an object' },
  )
  .prefault({});

const directory = z.string({ error: 'a directory' });

export function dataSchema(needVal: boolean) {
  return withDefaultKey(
    'source',
    'npy',
    z.discriminatedUnion(
      'source',
      [
        z.strictObject({ source: z.literal('npy'), trainDir: directory, valDir: needVal ? directory : directory.optional() }),
        z.strictObject({
          source: z.literal('synthetic'),
          synthetic: z
            .strictObject({ size: integerFrom(64, 1), valSize: integerFrom(32, 1), seed: integerFrom(1) }, { error: 'an object' })
            .prefault({}),
        }),
      ],
      { error: 'source "npy" or "synthetic"' },
    ),
  );
}

/** What every run has, training or MAE pretraining; `lr` default and whether a validation directory is required differ. */
export function runSettingsShape(defaults: { lr: number; needVal: boolean }) {
  return {
    model: modelSectionSchema,
    data: dataSchema(defaults.needVal),
    epochs: integerFrom(10, 1),
    batchSize: integerFrom(16, 1),
    microBatch: integerRange(1).optional(),
    lr: numberIn(defaults.lr, 0, 10),
    minLr: numberIn(1e-6, 0, 10),
    warmupEpochs: numberIn(1, 0),
    weightDecay: numberIn(0.05, 0, 10),
    seed: integerFrom(0),
    backend: oneOf(['tensorflow', 'webgpu', 'wasm', 'cpu']).optional(),
    outDir: z.string({ error: 'an output directory' }).min(1, { error: 'an output directory' }),
    weightInit: oneOf(['truncNormal', 'fanInUniform']).default('truncNormal'),
  };
}

const unit = numberRange(0, 1);

/** Label policy keys that apply only to some `uncertain` policies: refused elsewhere, so a setting is never silently unused. */
const policyKeys = {
  value: ['fixed'],
  low: ['ones-lsr', 'zeros-lsr'],
  high: ['ones-lsr', 'zeros-lsr'],
  seed: ['ones-lsr', 'zeros-lsr'],
} as const;

export const targetsSchema = z
  .strictObject(
    {
      uncertain: oneOf(['ignore', 'ones', 'zeros', 'ones-lsr', 'zeros-lsr', 'fixed']).default('ignore'),
      blank: oneOf(['zero', 'ignore']).default('zero'),
      low: unit.optional(),
      high: unit.optional(),
      value: unit.optional(),
      seed: integerRange().optional(),
    },
    { error: 'an object' },
  )
  .prefault({})
  .superRefine((t, ctx) => {
    for (const [key, policies] of Object.entries(policyKeys)) {
      if (t[key as keyof typeof policyKeys] !== undefined && !(policies as readonly string[]).includes(t.uncertain))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `applies only to ${policies.join(' / ')}`,
          params: { statement: true },
          input: t,
        });
    }
    if (t.uncertain === 'fixed' && t.value === undefined)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'is required by uncertain: fixed', params: { statement: true }, input: t });
  });

export const preprocessingSchema = z.strictObject(
  {
    imageSize: integerRange(1).optional(),
    aspect: oneOf(['pad', 'stretch']).default('pad'),
    voi: oneOf(['header', 'percentile']).default('header'),
    normalization: z
      .strictObject(
        {
          mean: numberIn(0),
          std: z.number({ error: 'a positive number' }).positive({ error: 'a positive number' }).default(1),
        },
        { error: 'an object' },
      )
      .prefault({}),
  },
  { error: 'an object' },
);

export const lossSchema = z
  .strictObject(
    {
      name: oneOf(['bce', 'focal', 'asymmetric']).default('bce'),
      gamma: numberIn(2, 0),
      gammaPos: numberIn(0, 0),
      gammaNeg: numberIn(4, 0),
      clip: numberIn(0.05, 0, 0.5),
      logitAdjustTau: numberIn(0, 0),
      classBalancedBeta: numberIn(0, 0, 0.99999999),
    },
    { error: 'an object' },
  )
  .prefault({});

export const augmentSchema = z
  .strictObject(
    {
      brightness: numberIn(0.1, 0, 1),
      contrast: numberIn(0.1, 0, 1),
      noiseStd: numberIn(0.01, 0, 1),
      rotateDeg: numberIn(5, 0, 45),
      scale: numberIn(0.05, 0, 0.5),
      randomResizedCrop: z
        .strictObject({ minArea: numberIn(0.6, 0.05, 1) }, { error: 'an object' })
        .nullable()
        .default(null),
      hflip: z.boolean({ error: 'true or false' }).default(false),
      mixup: numberIn(0, 0, 1),
      cutmix: numberIn(0, 0, 1),
    },
    { error: 'an object' },
  )
  .prefault({});

export const trainConfigSchema = z.strictObject(
  {
    ...runSettingsShape({ lr: 5e-4, needVal: true }),
    initWeights: z.string({ error: 'a file path' }).optional(),
    linearProbe: z.boolean({ error: 'true or false' }).default(false),
    clipNorm: numberIn(1, 0),
    layerDecay: numberIn(1, 0.01, 1),
    ema: numberIn(0, 0, 0.999999),
    swaEpochs: integerFrom(0),
    loss: lossSchema,
    augment: augmentSchema,
    // 'auto': 2 data-parallel workers where measured to pay, else in-process (resolveTrainingWorkers.ts).
    workers: z.union([z.literal('auto'), integerRange(1)], { error: "'auto' or an integer ≥ 1" }).default('auto'),
    // 'auto': ONNX Runtime's training graph for full fine-tuning on the CPU backends, else tfjs (resolveTrainingEngine.ts).
    engine: oneOf(['auto', 'onnxruntime', 'tfjs']).default('auto'),
    selectBy: oneOf(['auprc', 'auroc']).default('auprc'),
    targets: targetsSchema,
    dataset: z.string({ error: 'a dataset name' }).optional(),
    preprocessing: preprocessingSchema.optional(),
  },
  { error: 'an object' },
);

export const pretrainConfigSchema = z
  .strictObject(
    {
      ...runSettingsShape({ lr: 1.5e-4, needVal: false }),
      maskRatio: numberIn(0.75, 0.05, 0.95),
      decoderWidth: integerFrom(64, 1),
      decoderDepth: integerFrom(1, 1),
      decoderHeads: integerFrom(2, 1),
      // 'auto': ONNX Runtime's MAE training graph on the CPU backends, else tfjs (resolveTrainingEngine.ts).
      engine: oneOf(['auto', 'onnxruntime', 'tfjs']).default('auto'),
    },
    { error: 'an object' },
  )
  .superRefine((c, ctx) => {
    if (c.decoderWidth % c.decoderHeads !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['decoderWidth'],
        message: `must be divisible by decoderHeads ${c.decoderHeads}`,
        params: { statement: true },
        input: c.decoderWidth,
      });
  });
