/** The handler for a channel whose service is not built yet: a typed UNSUPPORTED error, never made-up data. */
import { HilumError } from '../../../src-core/errors';

export function unavailable(service: string): () => never {
  return () => {
    throw new HilumError('UNSUPPORTED', `${service} not available yet`, { service });
  };
}
