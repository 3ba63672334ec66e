/** The shape every answer takes across a process boundary: a value, or an error as data. */
import type { SerializedError } from '../errors';

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: SerializedError };
