/**
 * The ONE wrapper every renderer → main message passes through: it checks that the sender is the
 * app's own top-level frame (origin hilum://app), then hands channel and payload to `dispatch`,
 * which validates both against the contract and validates the response. Errors come back as data.
 */
import { dispatch, type HandlerTable } from '../../src-core/contracts/bridge';
import type { Envelope } from '../../src-core/contracts/envelope';
import { HilumError, serializeError } from '../../src-core/errors';
import type { AppCallContext } from '../app/AppServices';
import { isAppUrl } from './appProtocol';

export const invokeChannel = 'hilum:invoke';

/** The part of Electron's IpcMainInvokeEvent the router looks at. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export function senderIsAppFrame(event: InvokeEventLike): boolean {
  const frame = event.senderFrame;
  // A null frame means it navigated away or was destroyed; a frame with a parent is an iframe.
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function createIpcRouter(handlers: HandlerTable<AppCallContext>) {
  const ctx: AppCallContext = { via: 'electron' };
  return async (event: InvokeEventLike, channel: unknown, payload: unknown): Promise<Envelope<unknown>> => {
    if (!senderIsAppFrame(event)) {
      return {
        ok: false,
        error: serializeError(new HilumError('FORBIDDEN', 'IPC refused: the sender is not the app\'s own top-level frame', { senderUrl: event.senderFrame?.url ?? null })),
      };
    }
    return dispatch(handlers, channel, payload, ctx);
  };
}
