/**
 * The call context a transport hands to the handler table: where the call came from, and the
 * carrier that holds this window's session token (an HttpOnly cookie on the dev host, a map keyed by
 * the sender's webContents in the Electron main process). The guard adds the signed-in user.
 */
import { bug } from '../../../src-core/errors';
import type { AppCallContext } from '../AppServices';
import type { SessionUser } from './SessionService';

/** Reads and replaces the session token of one window; page scripts never see it. */
export interface SessionCarrier {
  read(): string | null;
  /** null forgets the token (sign-out, or the session ended). */
  write(token: string | null): void;
}

export interface SessionCallContext extends AppCallContext {
  readonly carrier: SessionCarrier;
  /** Set by guardChannels for calls that need a session. */
  readonly user?: SessionUser;
}

export function carrierOf(ctx: AppCallContext): SessionCarrier {
  const carrier = (ctx as Partial<SessionCallContext>).carrier;
  if (!carrier) throw bug(`the ${ctx.via} transport passed no session carrier in its call context`, { via: ctx.via });
  return carrier;
}

/** The signed-in user of a guarded call (the audit actor of whatever it changes). */
export function signedInUser(ctx: AppCallContext): SessionUser {
  const user = (ctx as Partial<SessionCallContext>).user;
  if (!user) throw bug('a handler asked for the signed-in user of a call that guardChannels did not check', {});
  return user;
}
