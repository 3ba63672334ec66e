/**
 * The ONE wrapper every renderer → main message passes through: it checks that the sender is the
 * app's own top-level frame (origin hilum://app), then hands channel and payload to `dispatch`,
 * which validates both against the contract and validates the response. Errors come back as data.
 * Each window's session token stays in main, keyed by its webContents (senderSessionCarrier).
 */
import { dispatch, type HandlerTable } from '../../src-core/contracts/bridge';
import type { Envelope } from '../../src-core/contracts/envelope';
import { HilumError, serializeError } from '../../src-core/errors';
import type { AppCallContext } from '../app/AppServices';
import type { SessionCallContext } from '../app/session/SessionCallContext';
import { senderSessionCarrier } from '../app/session/senderSessionCarrier';
import { isAppUrl } from './appProtocol';

export const invokeChannel = 'hilum:invoke';

/** The part of Electron's IpcMainInvokeEvent the router looks at. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
  /** The window's webContents: its id keys the window's session token. */
  sender: { id: number };
}

export function senderIsAppFrame(event: InvokeEventLike): boolean {
  const frame = event.senderFrame;
  // A null frame means it navigated away or was destroyed; a frame with a parent is an iframe.
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function createIpcRouter(handlers: HandlerTable<AppCallContext>) {
  return async (event: InvokeEventLike, channel: unknown, payload: unknown): Promise<Envelope<unknown>> => {
    if (!senderIsAppFrame(event)) {
      return {
        ok: false,
        error: serializeError(
          new HilumError('FORBIDDEN', "IPC refused: the sender is not the app's own top-level frame", {
            senderUrl: event.senderFrame?.url ?? null,
          }),
        ),
      };
    }
    const ctx: SessionCallContext = { via: 'electron', carrier: senderSessionCarrier(event.sender.id) };
    return dispatch(handlers, channel, payload, ctx);
  };
}
