/** Raw bytes in a job's parameters or result: they cross the worker boundary as a Uint8Array (structured clone), never as text. */
import { HilumError } from '../../errors';
import type { Schema } from '../../validate';

export const bytesSchema: Schema<Uint8Array> = {
  description: 'Uint8Array',
  parse: (value, path = '') => {
    if (value instanceof Uint8Array) return value;
    throw new HilumError('INVALID_ARGUMENT', `${path || 'value'}: expected Uint8Array`, { path, expected: 'Uint8Array' });
  },
};
