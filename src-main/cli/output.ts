/**
 * How commands speak: with --json exactly one JSON document on stdout (errors as JSON on stderr);
 * otherwise human text. Progress goes to stderr and only when it is a TTY and --json is off.
 */
import { serializeError, type SerializedError } from '../../src-core/errors';

export interface OutputOptions {
  json: boolean;
}

export function printResult<T>(value: T, options: OutputOptions, human: (value: T) => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
  else process.stdout.write(`${human(value)}\n`);
}

export function printError(error: unknown, options: OutputOptions): SerializedError {
  const serialized = serializeError(error);
  if (options.json) {
    process.stderr.write(
      `${JSON.stringify({ error: { code: serialized.code, message: serialized.message, details: serialized.details } }, jsonReplacer)}\n`,
    );
  } else {
    process.stderr.write(`hilum: ${serialized.code}: ${serialized.message}\n`);
    if (serialized.code === 'BUG' && typeof serialized.details.stack === 'string') process.stderr.write(`${serialized.details.stack}\n`);
  }
  return serialized;
}

/** NaN and infinities are not JSON: they become null, and typed arrays become plain arrays. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A plain two-column table for human output. */
export function formatTable(rows: Array<[string, string]>): string {
  const width = Math.max(0, ...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n');
}
