/**
 * The zod schema of a recipe file (parseRecipe.ts): every section and key is listed with its default, so a
 * misspelt key is refused with its path instead of being ignored. Paths stay as written (parseRecipe resolves them
 * against the recipe's folder); the train and pretrain sections are training configs, checked by trainConfig.ts.
 */
import { z } from 'zod';

const text = z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' });
const integerFrom = (min: number) => {
  const rule = min === 1 ? 'a positive integer' : `an integer ≥ ${min}`;
  return z.number({ error: rule }).int({ error: rule }).gte(min, { error: rule });
};
const anyInteger = z.number({ error: 'an integer' }).int({ error: 'an integer' });
const openUnit = (rule: string) => z.number({ error: rule }).gt(0, { error: rule }).lt(1, { error: rule });
/** A section that may be left out or written empty (`split:` with nothing under it is YAML null). */
const section = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === null ? undefined : v), schema);
const config = z.record(z.string(), z.unknown(), { error: 'a mapping' });

const datasetSchema = z.strictObject(
  {
    name: text,
    path: text,
    format: text,
    size: integerFrom(8).default(256),
    aspect: z.enum(['pad', 'stretch'], { error: 'pad or stretch' }).default('pad'),
    limit: integerFrom(1).nullish(),
    perClassLimit: integerFrom(1).nullish(),
    patientNamespace: z.string({ error: 'a string' }).optional(),
    siteName: z.string({ error: 'a string' }).optional(),
    formatOptions: config.default({}),
  },
  { error: 'a mapping' },
);

const fraction = z.number({ error: 'three non-negative numbers [train, val, test]' }).nonnegative({
  error: 'three non-negative numbers [train, val, test]',
});
const splitSchema = z
  .strictObject(
    {
      seed: anyInteger.default(1),
      fractions: z
        .tuple([fraction, fraction, fraction], { error: 'three non-negative numbers [train, val, test]' })
        .default([0.7, 0.1, 0.2]),
    },
    { error: 'a mapping' },
  )
  .prefault({});

const bundleSchema = z
  .strictObject(
    {
      weights: z.enum(['best', 'last', 'ema', 'swa'], { error: 'best, last, ema or swa' }).default('best'),
      threshold: text.default('max-f1'),
      abstain: text.default('coverage>=0.9'),
      oodQuantile: openUnit('a quantile in (0, 1)').default(0.99),
      prior: z.record(z.string(), openUnit('a prevalence in (0, 1)'), { error: 'a mapping of labels to prevalences in (0, 1)' }).nullish(),
      priorFrom: text.optional(),
    },
    { error: 'a mapping' },
  )
  .prefault({})
  .superRefine((b, ctx) => {
    if (b.prior && b.priorFrom !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['priorFrom'],
        message: 'cannot be combined with bundle.prior',
        params: { statement: true },
        input: b,
      });
  });

const evaluationSchema = z.strictObject(
  {
    /** Default: the recipe's own dataset. */
    dataset: text.optional(),
    split: z.enum(['train', 'val', 'test', 'all'], { error: 'train, val, test or all' }).default('test'),
    external: z.boolean({ error: 'true or false' }).default(false),
    resamples: integerFrom(1000).default(1000),
    seed: anyInteger.default(1),
    oodNear: text.nullish(),
    oodFar: text.nullish(),
  },
  { error: 'a mapping' },
);

export const recipeSchema = z.strictObject(
  {
    name: z
      .string({ error: 'a name of letters, digits, dot, dash and underscore' })
      .regex(/^[A-Za-z0-9._-]+$/, { error: 'a name of letters, digits, dot, dash and underscore' }),
    dataset: datasetSchema,
    split: section(splitSchema),
    pretrain: section(config.optional()),
    train: section(config.default({})),
    bundle: section(bundleSchema),
    evaluate: section(z.record(z.string(), evaluationSchema, { error: 'a mapping' }).prefault({ 'internal-test': { split: 'test' } })),
    gate: section(z.strictObject({ file: text }, { error: 'a mapping' }).optional()),
  },
  { error: 'a mapping' },
);

export type RecipeFile = z.output<typeof recipeSchema>;
