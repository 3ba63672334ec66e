/** Parses a document someone wrote or stored (a config, a gates file, a recipe, a report) against its schema, naming the file and field on failure. */
import type { z } from 'zod';
import type { Schema } from './schema';
import { expectationOf, type SchemaErrorOptions, schemaError } from './schemaError';

/** Returns the parsed value, else throws HilumError `options.code` with `details.file` and `details.field`. */
export function parseDocument<T>(schema: z.ZodType<T> | Schema<T>, value: unknown, options: SchemaErrorOptions): T {
  const zod = 'safeParse' in schema ? schema : schema.zod;
  const result = zod.safeParse(value, { error: expectationOf });
  if (!result.success) throw schemaError(result.error, value, options);
  return result.data;
}
