/**
 * Types and functions derived from the channel table: the renderer's client, main's handler table,
 * and the one dispatcher that validates every request and response.
 */
import { HilumError, serializeError } from '../errors';
import type { Infer } from '../validate';
import { channels, type ChannelName, type Channels } from './channels';
import type { Envelope } from './envelope';

export type RequestOf<C extends ChannelName> = Infer<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = Infer<Channels[C]['response']>;

/** What the renderer sees: one async function per channel. */
export type HilumApi = { [C in ChannelName]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** What main must implement: one handler per channel (missing one is a compile error). */
export type HandlerTable<Ctx> = {
  [C in ChannelName]: (request: RequestOf<C>, ctx: Ctx) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

/** How bytes move: Electron IPC in the app, fetch to the loopback dev host in tests. */
export type Transport = (channel: ChannelName, payload: unknown) => Promise<Envelope<unknown>>;

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(channels, value);
}

/** Validates the channel and request, runs the handler, validates its response; never throws. */
export async function dispatch<Ctx>(table: HandlerTable<Ctx>, channel: unknown, payload: unknown, ctx: Ctx): Promise<Envelope<unknown>> {
  try {
    if (!isChannelName(channel)) throw new HilumError('INVALID_ARGUMENT', `Unknown channel: ${String(channel)}`, { channel });
    const definition = channels[channel];
    const request = definition.request.parse(payload, 'request');
    const handler = table[channel] as (request: unknown, ctx: Ctx) => unknown;
    const response = await handler(request, ctx);
    return { ok: true, value: definition.response.parse(response, 'response') };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

/** Builds the renderer's typed client over any transport; errors come back as HilumError. */
export function createClient(transport: Transport): HilumApi {
  const api: Partial<Record<ChannelName, (request: unknown) => Promise<unknown>>> = {};
  for (const name of Object.keys(channels) as ChannelName[]) {
    api[name] = async (request: unknown) => {
      const envelope = await transport(name, channels[name].request.parse(request, 'request'));
      if (!envelope.ok) throw new HilumError(envelope.error.code, envelope.error.message, envelope.error.details);
      return envelope.value;
    };
  }
  return api as HilumApi;
}
