/** session.* handlers: the token goes to the transport's carrier, never into a response. */
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { AppCallContext } from '../AppServices';
import { carrierOf } from './SessionCallContext';
import type { SessionService, SessionUser } from './SessionService';

type Names = 'session.signIn' | 'session.current' | 'session.lock' | 'session.unlock' | 'session.signOut';

const view = (u: SessionUser) => ({
  username: u.username,
  fullName: u.fullName,
  role: u.role,
  signedInAt: u.signedInAt,
  locked: u.locked,
  idleLockMs: u.idleLockMs,
});

export function sessionHandlers(sessions: SessionService): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'session.signIn': ({ user, password }, ctx) => {
      const carrier = carrierOf(ctx);
      // Signing in on a window that still holds a session ends that one first (one user per window).
      sessions.signOut(carrier.read());
      const opened = sessions.signIn(user, password, ctx.via);
      carrier.write(opened.token);
      return view(opened.user);
    },
    'session.current': (_request, ctx) => {
      const user = sessions.resolve(carrierOf(ctx).read());
      return { session: user && view(user) };
    },
    'session.lock': (_request, ctx) => view(sessions.lock(carrierOf(ctx).read())),
    'session.unlock': ({ password }, ctx) => view(sessions.unlock(carrierOf(ctx).read(), password)),
    'session.signOut': (_request, ctx) => {
      const carrier = carrierOf(ctx);
      const signedOut = sessions.signOut(carrier.read());
      carrier.write(null);
      return { signedOut };
    },
  };
}
