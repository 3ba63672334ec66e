/** The typed client every page uses (derived from the channel contract). */
import { createClient } from '../../src-core/contracts/bridge';
import { createTransport } from './transport';

export const api = createClient(createTransport());
