/** Local user accounts: first-run admin, creation by an admin, authentication (password re-entry for every signature). */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import { isRole, type Role } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { users } from '../store/schema';
import { appendAuditEvent } from './auditTrail';
import { hashPassword, verifyPassword } from './passwordHash';
import { hashCanonical } from './sha256Hex';
import { authorize } from './authorize';
import { clearLoginFailures, recordLoginFailure, refuseIfLocked, unlockAccount } from './loginLockout';
import { checkPasswordPolicy } from './passwordPolicy';
import { assertRowAudited } from './assertRowAudited';

export interface User {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  createdAt: string;
}

export interface NewUser {
  username: string;
  fullName: string;
  role: Role;
  password: string;
}

function toUser(row: typeof users.$inferSelect): User {
  return { id: row.id, username: row.username, fullName: row.fullName, role: row.role, createdAt: row.createdAt };
}

function validateNewUser(input: NewUser): void {
  if (!/^[a-z0-9._-]{2,64}$/.test(input.username))
    throw new HilumError('INVALID_ARGUMENT', `user name "${input.username}" must be 2-64 of a-z 0-9 . _ -`, { username: input.username });
  if (input.fullName.trim().length < 2) throw new HilumError('INVALID_ARGUMENT', 'full (printed) name is required', {});
  if (!isRole(input.role)) throw new HilumError('INVALID_ARGUMENT', `unknown role "${String(input.role)}"`, { role: input.role });
  checkPasswordPolicy(input.password, input.username);
}

export function countUsers(store: Store): number {
  return (
    store.db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .get()?.n ?? 0
  );
}

function insertUser(store: Store, input: NewUser, createdBy: string, action: string): User {
  validateNewUser(input);
  const passwordHash = hashPassword(input.password);
  return store.sqlite
    .transaction(() => {
      if (store.db.select().from(users).where(eq(users.username, input.username)).get()) {
        throw new HilumError('CONFLICT', `user ${input.username} already exists`, { username: input.username });
      }
      const row = {
        id: randomUUID(),
        username: input.username,
        fullName: input.fullName.trim(),
        role: input.role,
        passwordHash,
        createdAt: new Date().toISOString(),
        createdBy,
        disabledAt: null,
      };
      store.db.insert(users).values(row).run();
      const user = toUser(row);
      appendAuditEvent(store, {
        actor: createdBy,
        action,
        recordType: 'user',
        recordId: user.id,
        before: null,
        after: user,
        payload: { username: user.username, role: user.role },
        state: [{ table: 'users', key: user.id }],
      });
      return user;
    })
    .immediate();
}

/** The first account: only when no user exists, always an admin. */
export function createFirstAdmin(store: Store, input: Omit<NewUser, 'role'>): User {
  return store.sqlite
    .transaction(() => {
      if (countUsers(store) > 0)
        throw new HilumError('CONFLICT', 'users already exist: the first-run admin can only be created on an empty installation', {});
      return insertUser(store, { ...input, role: 'admin' }, input.username, 'user.createAdmin');
    })
    .immediate();
}

export function createUser(store: Store, by: User, input: NewUser): User {
  authorize(store, by, 'user.create');
  return insertUser(store, input, by.username, 'user.create');
}

/** Checks the password; failures are audited (without the password) and throw AUTH_FAILED; repeated failures lock the name (ACCOUNT_LOCKED). */
export function authenticate(store: Store, username: string, password: string): User {
  refuseIfLocked(store, username);
  const row = store.db.select().from(users).where(eq(users.username, username)).get();
  // Hash even for unknown users so the response time does not reveal which names exist.
  const ok = row ? verifyPassword(password, row.passwordHash) : (verifyPassword(password, dummyHash()), false);
  if (!row || !ok || row.disabledAt) {
    appendAuditEvent(store, {
      actor: username,
      action: 'auth.failed',
      recordType: 'user',
      recordId: row?.id ?? `unknown:${username}`,
      payload: { username },
    });
    const lockedUntil = recordLoginFailure(store, username);
    if (lockedUntil)
      throw new HilumError('ACCOUNT_LOCKED', `authentication failed for user ${username}; the account is now locked until ${lockedUntil}`, {
        username,
        lockedUntil,
      });
    throw new HilumError('AUTH_FAILED', `authentication failed for user ${username}`, { username });
  }
  clearLoginFailures(store, username);
  // A role or password hash written behind the services' back is not honoured.
  assertRowAudited(store, 'users', row.id, `sign-in as ${username}`, row.createdAt);
  return toUser(row);
}

/** An admin lifts a lockout (audited). */
export function unlockUser(store: Store, by: User, username: string): void {
  authorize(store, by, 'user.unlock');
  unlockAccount(store, by, username);
}

export function listUsers(store: Store, by: User): User[] {
  authorize(store, by, 'user.list');
  return store.db.select().from(users).all().map(toUser);
}

export function userRecordHash(user: User): string {
  return hashCanonical(user);
}

let cachedDummy: string | undefined;
function dummyHash(): string {
  return (cachedDummy ??= hashPassword('not-a-real-password'));
}
