/**
 * A small runtime schema library for the contracts between processes: every payload that
 * crosses a boundary is parsed against its schema, and the static type is inferred from it,
 * so the type and the check cannot drift apart.
 */
import { HilumError } from '../errors';

export interface Schema<T> {
  /** Returns the value if it matches, else throws HilumError INVALID_ARGUMENT naming the path. */
  parse(value: unknown, path?: string): T;
  readonly description: string;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function fail(path: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  throw new HilumError('INVALID_ARGUMENT', `${path || 'value'}: expected ${expected}, got ${got}`, { path, expected });
}

function make<T>(description: string, parse: (value: unknown, path: string) => T): Schema<T> {
  return { description, parse: (value, path = '') => parse(value, path) };
}

const string = (options: { minLength?: number; maxLength?: number; pattern?: RegExp } = {}): Schema<string> =>
  make('string', (v, p) => {
    if (typeof v !== 'string') fail(p, 'string', v);
    if (options.minLength !== undefined && v.length < options.minLength) fail(p, `string of at least ${options.minLength} characters`, v);
    if (options.maxLength !== undefined && v.length > options.maxLength) fail(p, `string of at most ${options.maxLength} characters`, v);
    if (options.pattern && !options.pattern.test(v)) fail(p, `string matching ${options.pattern}`, v);
    return v;
  });

const number = (options: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> =>
  make('number', (v, p) => {
    if (typeof v !== 'number' || Number.isNaN(v)) fail(p, 'number', v);
    if (options.integer && !Number.isInteger(v)) fail(p, 'integer', v);
    if (options.min !== undefined && v < options.min) fail(p, `number >= ${options.min}`, v);
    if (options.max !== undefined && v > options.max) fail(p, `number <= ${options.max}`, v);
    return v;
  });

const boolean = (): Schema<boolean> => make('boolean', (v, p) => (typeof v === 'boolean' ? v : fail(p, 'boolean', v)));

const literal = <const L extends string | number | boolean | null>(value: L): Schema<L> =>
  make(JSON.stringify(value), (v, p) => (v === value ? (v as L) : fail(p, JSON.stringify(value), v)));

const enumOf = <const L extends string>(values: readonly L[]): Schema<L> =>
  make(values.join(' | '), (v, p) =>
    typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as L) : fail(p, `one of ${values.join(', ')}`, v),
  );

const unknown = (): Schema<unknown> => make('unknown', (v) => v);

const nullable = <T>(inner: Schema<T>): Schema<T | null> =>
  make(`${inner.description} | null`, (v, p) => (v === null ? null : inner.parse(v, p)));

const array = <T>(item: Schema<T>, options: { maxItems?: number } = {}): Schema<T[]> =>
  make(`${item.description}[]`, (v, p) => {
    if (!Array.isArray(v)) fail(p, 'array', v);
    if (options.maxItems !== undefined && v.length > options.maxItems) fail(p, `at most ${options.maxItems} items`, v);
    return v.map((entry, i) => item.parse(entry, `${p}[${i}]`));
  });

const record = <T>(value: Schema<T>): Schema<Record<string, T>> =>
  make(`record<${value.description}>`, (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(p, 'object', v);
    const out: Record<string, T> = {};
    for (const [key, entry] of Object.entries(v)) out[key] = value.parse(entry, `${p}.${key}`);
    return out;
  });

/** Marks an object field as optional (absent or undefined). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}
const optional = <T>(inner: Schema<T>): OptionalSchema<T> => ({
  optional: true,
  description: `${inner.description}?`,
  parse: (v, p = '') => (v === undefined ? undefined : inner.parse(v, p)),
});

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

/** Unknown keys are rejected: a payload with extra fields is a contract mismatch, not something to ignore. */
const object = <S extends Shape>(shape: S): Schema<{ [K in keyof ObjectOf<S>]: ObjectOf<S>[K] }> =>
  make('object', (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(p, 'object', v);
    const input = v as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!(key in shape)) throw new HilumError('INVALID_ARGUMENT', `${p ? `${p}.` : ''}${key}: unexpected field`, { path: `${p}.${key}` });
    }
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(shape)) {
      const parsed = schema.parse(input[key], p ? `${p}.${key}` : key);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as { [K in keyof ObjectOf<S>]: ObjectOf<S>[K] };
  });

const union = <const T extends readonly Schema<unknown>[]>(...options: T): Schema<Infer<T[number]>> =>
  make(options.map((o) => o.description).join(' | '), (v, p) => {
    for (const option of options) {
      try {
        return option.parse(v, p) as Infer<T[number]>;
      } catch (error) {
        if (!(error instanceof HilumError)) throw error;
      }
    }
    return fail(p, options.map((o) => o.description).join(' | '), v);
  });

export const s = { string, number, boolean, literal, enumOf, unknown, nullable, optional, array, record, object, union };
