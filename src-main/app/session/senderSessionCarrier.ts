/**
 * The Electron side of the session carrier: main keeps each window's token in memory, keyed by the
 * sender's webContents id, so the token never crosses into the renderer (a reload keeps the same
 * webContents, hence the session). Hook-up in createIpcRouter: `ctx = { via: 'electron', carrier: senderSessionCarrier(event.sender.id) }`.
 */
import type { SessionCarrier } from './SessionCallContext';

const tokens = new Map<number, string>();

export function senderSessionCarrier(senderId: number): SessionCarrier {
  return {
    read: () => tokens.get(senderId) ?? null,
    write: (token) => {
      if (token === null) tokens.delete(senderId);
      else tokens.set(senderId, token);
    },
  };
}
