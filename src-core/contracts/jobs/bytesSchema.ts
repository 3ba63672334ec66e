/** Raw bytes in a job's parameters or result: they cross the worker boundary as a Uint8Array (structured clone), never as text. */
import { s } from '../../validate';

export const bytesSchema = s.custom<Uint8Array>('Uint8Array', (value) => value instanceof Uint8Array);
