/** Session channels: sign in with a local account, who is signed in, lock, unlock with the password, sign out. The token never appears here: the transport carries it. */
import { roles } from '../../governance/roles';
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty } from './common';

export const sessionUser = s.object({
  username: s.string(),
  fullName: s.string(),
  role: s.enumOf(roles),
  signedInAt: s.string(),
  locked: s.boolean(),
  /** The renderer locks the screen after this long without keyboard or pointer input. */
  idleLockMs: s.number({ integer: true, min: 1 }),
});

export const sessionChannels = {
  'session.signIn': defineChannel(
    'Signs in with a local account; the transport keeps the session (HttpOnly cookie on the dev host, main process under Electron)',
    s.object({ user: s.string({ minLength: 1, maxLength: 200 }), password: s.string({ minLength: 1, maxLength: 1024 }) }),
    sessionUser,
  ),
  'session.current': defineChannel(
    'Who is signed in on this window (null when no one is)',
    empty,
    s.object({ session: s.nullable(sessionUser) }),
  ),
  'session.lock': defineChannel('Locks the session (idle time-out or on request)', empty, sessionUser),
  'session.unlock': defineChannel(
    "Unlocks the session with the signed-in user's password",
    s.object({ password: s.string({ minLength: 1, maxLength: 1024 }) }),
    sessionUser,
  ),
  'session.signOut': defineChannel('Ends the session', empty, s.object({ signedOut: s.boolean() })),
} as const;
