/**
 * The schema builders every contract uses (`s.object`, `s.string`, ...), backed by zod: each builder wraps a zod
 * schema (`.zod`, for new code that composes zod directly) and its `parse` throws HilumError INVALID_ARGUMENT
 * naming the field path. The static type is inferred from the schema, so the type and the check cannot drift.
 * Why zod: docs/CONVENTIONS.md, "Schemas".
 */
import { z } from 'zod';
import { expectationOf, schemaError } from './schemaError';

export interface Schema<T> {
  /** Returns the value if it matches, else throws HilumError INVALID_ARGUMENT naming the path (under `path`). */
  parse(value: unknown, path?: string): T;
  /** What the schema accepts, in words (used in union messages). */
  readonly description: string;
  /** The zod schema behind it: compose it with zod in new code, or export JSON Schema from it. */
  readonly zod: z.ZodType<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** Wraps any zod schema as a Schema: zod schemas written directly plug into `s.object`, channels and jobs. */
export function fromZod<T>(zod: z.ZodType<T>, description = 'value'): Schema<T> {
  return {
    description,
    zod,
    parse: (value, path = '') => {
      const result = zod.safeParse(value, { error: expectationOf });
      if (!result.success) throw schemaError(result.error, value, { code: 'INVALID_ARGUMENT', path });
      return result.data;
    },
  };
}

// Each issue message is what the check expects; schemaError adds the path and what was found.
const string = (options: { minLength?: number; maxLength?: number; pattern?: RegExp } = {}): Schema<string> => {
  let zod = z.string({ error: 'string' });
  if (options.minLength !== undefined) zod = zod.min(options.minLength, { error: `string of at least ${options.minLength} characters` });
  if (options.maxLength !== undefined) zod = zod.max(options.maxLength, { error: `string of at most ${options.maxLength} characters` });
  if (options.pattern) zod = zod.regex(options.pattern, { error: `string matching ${options.pattern}` });
  return fromZod(zod, 'string');
};

/** Finite numbers only: NaN and ±Infinity are refused (JSON cannot carry them, and no metric or setting means them). */
const number = (options: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> => {
  let zod = z.number({ error: 'finite number' });
  if (options.integer) zod = zod.int({ error: 'integer' });
  if (options.min !== undefined) zod = zod.gte(options.min, { error: `number >= ${options.min}` });
  if (options.max !== undefined) zod = zod.lte(options.max, { error: `number <= ${options.max}` });
  return fromZod(zod, 'number');
};

const boolean = (): Schema<boolean> => fromZod(z.boolean({ error: 'boolean' }), 'boolean');

const literal = <const L extends string | number | boolean | null>(value: L): Schema<L> =>
  fromZod(z.literal(value, { error: JSON.stringify(value) }) as unknown as z.ZodType<L>, JSON.stringify(value));

const enumOf = <const L extends string>(values: readonly L[]): Schema<L> =>
  fromZod(z.enum(values as [L, ...L[]], { error: `one of ${values.join(', ')}` }) as unknown as z.ZodType<L>, values.join(' | '));

// Optional at the zod level: an `s.unknown()` field may be absent, as it always could.
const unknown = (): Schema<unknown> => fromZod(z.unknown().optional(), 'unknown');

/** A value zod has no builder for (a Uint8Array crossing the worker boundary): the check and its description. */
const custom = <T>(description: string, check: (value: unknown) => boolean): Schema<T> =>
  fromZod(z.custom<T>(check, { error: description }), description);

const nullable = <T>(inner: Schema<T>): Schema<T | null> => fromZod(inner.zod.nullable(), `${inner.description} | null`);

const array = <T>(item: Schema<T>, options: { maxItems?: number } = {}): Schema<T[]> => {
  let zod = z.array(item.zod, { error: 'array' });
  if (options.maxItems !== undefined) zod = zod.max(options.maxItems, { error: `at most ${options.maxItems} items` });
  return fromZod(zod, `${item.description}[]`);
};

const record = <T>(value: Schema<T>): Schema<Record<string, T>> =>
  fromZod(z.record(z.string(), value.zod, { error: 'object' }) as unknown as z.ZodType<Record<string, T>>, `record<${value.description}>`);

/** Marks an object field as optional (absent or undefined). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}
const optional = <T>(inner: Schema<T>): OptionalSchema<T> => ({
  ...fromZod(inner.zod.optional(), `${inner.description}?`),
  optional: true,
});

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

/** Unknown keys are rejected: a payload with extra fields is a contract mismatch, not something to ignore. */
const object = <S extends Shape>(shape: S): Schema<{ [K in keyof ObjectOf<S>]: ObjectOf<S>[K] }> => {
  const zodShape = Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.zod]));
  return fromZod(
    z.strictObject(zodShape, { error: 'object' }) as unknown as z.ZodType<{ [K in keyof ObjectOf<S>]: ObjectOf<S>[K] }>,
    'object',
  );
};

/** The first option that matches wins; when none does, the message lists what each option accepts. */
const union = <const T extends readonly Schema<unknown>[]>(...options: T): Schema<Infer<T[number]>> => {
  const description = options.map((o) => o.description).join(' | ');
  const zods = options.map((o) => o.zod) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]];
  return fromZod(z.union(zods, { error: description }) as unknown as z.ZodType<Infer<T[number]>>, description);
};

export const s = { string, number, boolean, literal, enumOf, unknown, custom, nullable, optional, array, record, object, union, fromZod };
