/** Turns zod's issues into one HilumError whose message names the field path, the expectation and what was found. */
import type { z } from 'zod';
import { type ErrorCode, HilumError } from '../errors';

/** `gates[0].value`: dots between keys, brackets around indexes, under an optional prefix (`request`, `params`). */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/**
 * What was found, in words a reader can act on: numbers and booleans are shown as they are (`got -1`); strings and
 * structures only by kind, since a string may be a secret (a password field) and the message may reach a log.
 */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const segment of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[segment];
  }
  return v;
}

/**
 * What a check expects, for issues whose schema set no message of its own (zod schemas written directly): passed
 * as the per-parse error map, so every message reads `path: expected …, got …`.
 */
export function expectationOf(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number' ? 'finite number' : issue.expected === 'nonoptional' ? 'a value' : issue.expected;
    case 'invalid_value':
      return issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      return `${issue.origin} ${issue.origin === 'number' ? '' : 'length '}${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.origin} ${issue.origin === 'number' ? '' : 'length '}${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_format':
      return `a ${issue.format} string`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'one of the forms this field allows (see its schema)';
    default:
      return undefined;
  }
}

/** One line per issue; each builder sets its issue message to what it expects (see schema.ts). */
export function describeIssue(issue: z.core.$ZodIssue, root: unknown, prefix: string): string {
  const path = formatPath(prefix, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath(path, [key])}: unexpected field`).join('; ');
  }
  // A cross-field rule (superRefine) states the whole reason itself: `targets.low: must not exceed targets.high`.
  if (issue.code === 'custom' && issue.params?.statement === true) return `${path || 'value'}: ${issue.message}`;
  return `${path || 'value'}: expected ${issue.message}, got ${describeValue(valueAt(root, issue.path))}`;
}

export interface SchemaErrorOptions {
  /** The error code (INVALID_ARGUMENT for contracts, CONFIG_INVALID for files people write). */
  code: ErrorCode;
  /** A path prefix for every field (`request`, `params`). */
  path?: string;
  /** The file the value came from: the message starts with it and details.file carries it. */
  file?: string;
}

/**
 * The first issue is the message (an unexpected field first: a renamed field is a contract mismatch, and its
 * name is the useful clue); every issue is kept in details for tools.
 */
export function schemaError(error: z.ZodError, root: unknown, options: SchemaErrorOptions): HilumError {
  const prefix = options.path ?? '';
  const first = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0];
  const field = first ? formatPath(prefix, first.code === 'unrecognized_keys' ? [...first.path, first.keys[0] ?? ''] : first.path) : prefix;
  const line = first ? describeIssue(first, root, prefix) : `${prefix || 'value'}: invalid`;
  const message = options.file === undefined ? line : `${options.file}: ${line}`;
  const issues = error.issues.map((i) => describeIssue(i, root, prefix));
  const expected = first && first.code !== 'unrecognized_keys' ? first.message : undefined;
  return new HilumError(options.code, message, {
    ...(options.file === undefined ? {} : { file: options.file }),
    path: field,
    field,
    ...(expected === undefined ? {} : { expected }),
    issues,
  });
}
