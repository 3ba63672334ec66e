/**
 * For handler tests that go through createAppHandlers (which guards every channel): signs a user in
 * through the session.signIn channel and returns a call context whose in-memory carrier holds the token,
 * as the dev host's cookie or Electron's per-window map would.
 */
import { dispatch, type HandlerTable } from '../../../../src-core/contracts/bridge';
import type { AppCallContext } from '../../../../src-main/app/AppServices';
import type { AppServices } from '../../../../src-main/app/AppServices';
import type { SessionCallContext, SessionCarrier } from '../../../../src-main/app/session/SessionCallContext';
import { countUsers, createFirstAdmin, createUser } from '../../../../src-main/governance/userAccounts';
import type { Role } from '../../../../src-core/governance/roles';

export function memoryCarrier(): SessionCarrier & { token: string | null } {
  const carrier = {
    token: null as string | null,
    read: () => carrier.token,
    write: (token: string | null) => {
      carrier.token = token;
    },
  };
  return carrier;
}

export async function signedInContext(
  handlers: HandlerTable<AppCallContext>,
  user: string,
  password: string,
  via: 'electron' | 'devhost' = 'devhost',
): Promise<SessionCallContext> {
  const ctx: SessionCallContext = { via, carrier: memoryCarrier() };
  const answer = await dispatch(handlers, 'session.signIn', { user, password }, ctx);
  if (!answer.ok) throw new Error(`sign-in of ${user} failed: ${answer.error.code} ${answer.error.message}`);
  return ctx;
}

const adminAccount = { username: 'test-admin', fullName: 'Test Admin', password: 'Test admin password 1' };

/**
 * One line for a handler test: a signed-in context of `role` (the account `test-<role>` is created on
 * first use, with a first-run admin when the store has no user yet).
 */
export async function contextAs(
  services: Pick<AppServices, 'store'>,
  handlers: HandlerTable<AppCallContext>,
  role: Role,
): Promise<SessionCallContext> {
  const store = services.store();
  if (countUsers(store) === 0) createFirstAdmin(store, adminAccount);
  const username = `test-${role}`;
  const password = `Password of ${role} 1`;
  if (role !== 'admin' && !store.sqlite.prepare('select 1 from users where username = ?').get(username)) {
    const admin = { id: '', username: adminAccount.username, fullName: adminAccount.fullName, role: 'admin' as const, createdAt: '' };
    createUser(store, admin, { username, fullName: `Test ${role}`, role, password });
  }
  return role === 'admin'
    ? signedInContext(handlers, adminAccount.username, adminAccount.password)
    : signedInContext(handlers, username, password);
}

/**
 * For tests that call one area's handlers directly (without the guard): the context the guard would hand
 * them after checking `username`'s session, so handlers that attribute their work can name the user.
 */
export function contextOfUser(username: string, role: Role): SessionCallContext {
  const user = {
    sessionId: `test-${username}`,
    userId: `test-${username}`,
    username,
    fullName: username,
    role,
    signedInAt: '',
    locked: false,
    idleLockMs: 0,
  };
  return { via: 'devhost', carrier: memoryCarrier(), user };
}
