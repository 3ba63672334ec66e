/**
 * App sign-in sessions over the local accounts: sign in with user name and password (scrypt, through
 * `authenticate`), a random 256-bit token whose SHA-256 is all the store keeps, an idle lock that only
 * the same user's password lifts, an absolute expiry, sign-out. Every transition is audited with the
 * signed-in user as actor. The user's role is read from the accounts table on every call, so a
 * disabled account or a changed role takes effect at once.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { HilumError } from '../../../src-core/errors';
import type { Role } from '../../../src-core/governance';
import { appendAuditEvent } from '../../governance/auditTrail';
import { authenticate } from '../../governance/userAccounts';
import type { Store } from '../../store/openStore';
import { appSessions, users } from '../../store/schema';

export interface SessionPolicy {
  /** No call for this long locks the session (the renderer also locks after this long without input). */
  idleLockMs: number;
  /** A session ends this long after sign-in, whatever happens. */
  maxAgeMs: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleLockMs: 15 * 60_000, maxAgeMs: 12 * 3600_000 };

export interface SessionUser {
  sessionId: string;
  userId: string;
  username: string;
  fullName: string;
  role: Role;
  signedInAt: string;
  locked: boolean;
  idleLockMs: number;
}

type Via = 'electron' | 'devhost';
const touchEveryMs = 5_000;
type Row = typeof appSessions.$inferSelect;

export const hashSessionToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export class SessionService {
  readonly policy: SessionPolicy;

  constructor(
    private readonly store: () => Store,
    policy: Partial<SessionPolicy> = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.policy = { ...defaultSessionPolicy, ...policy };
  }

  /** Checks the password (a failure is audited by `authenticate`) and opens a session; the token goes to the transport only. */
  signIn(username: string, password: string, via: Via): { token: string; user: SessionUser } {
    const store = this.store();
    const account = authenticate(store, username, password);
    const token = randomBytes(32).toString('hex');
    const at = this.now();
    const row: Row = {
      id: randomUUID(),
      tokenHash: hashSessionToken(token),
      userId: account.id,
      username: account.username,
      via,
      createdAt: at.toISOString(),
      lastSeenAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + this.policy.maxAgeMs).toISOString(),
      lockedAt: null,
      endedAt: null,
      endReason: null,
    };
    store.sqlite
      .transaction(() => {
        store.db.insert(appSessions).values(row).run();
        appendAuditEvent(store, {
          actor: account.username,
          action: 'session.signIn',
          recordType: 'session',
          recordId: row.id,
          payload: { via, role: account.role },
        });
      })
      .immediate();
    return { token, user: this.userOf(row) };
  }

  /**
   * The session a token belongs to, or null when there is none (unknown, ended, expired, account
   * disabled). An active session is touched; one idle past the policy is locked first.
   */
  resolve(token: string | null): SessionUser | null {
    if (!token) return null;
    const store = this.store();
    const row = store.db
      .select()
      .from(appSessions)
      .where(eq(appSessions.tokenHash, hashSessionToken(token)))
      .get();
    if (!row || row.endedAt) return null;
    const now = this.now();
    if (now.toISOString() >= row.expiresAt) {
      this.end(row, 'expired', row.username);
      return null;
    }
    const account = store.db.select().from(users).where(eq(users.id, row.userId)).get();
    if (!account || account.disabledAt) {
      this.end(row, 'account-disabled', row.username);
      return null;
    }
    if (!row.lockedAt && now.getTime() - Date.parse(row.lastSeenAt) > this.policy.idleLockMs) {
      this.setLocked(row, 'idle');
      return this.userOf({ ...row, lockedAt: now.toISOString() });
    }
    // Touching at most every few seconds keeps polling pages from writing (and syncing) the store on every call.
    if (!row.lockedAt && now.getTime() - Date.parse(row.lastSeenAt) > touchEveryMs) {
      store.db.update(appSessions).set({ lastSeenAt: now.toISOString() }).where(eq(appSessions.id, row.id)).run();
    }
    return this.userOf(row);
  }

  /** Locks an active session (the user walked away, or the renderer's idle timer fired). */
  lock(token: string | null): SessionUser {
    const row = this.liveRow(token);
    if (!row.lockedAt) this.setLocked(row, 'user');
    return this.userOf({ ...row, lockedAt: row.lockedAt ?? this.now().toISOString() });
  }

  /** Only the session's own user lifts the lock, with the password (a wrong one is audited by `authenticate`). */
  unlock(token: string | null, password: string): SessionUser {
    const row = this.liveRow(token);
    const store = this.store();
    authenticate(store, row.username, password);
    const at = this.now().toISOString();
    store.sqlite
      .transaction(() => {
        store.db.update(appSessions).set({ lockedAt: null, lastSeenAt: at }).where(eq(appSessions.id, row.id)).run();
        if (row.lockedAt)
          appendAuditEvent(store, { actor: row.username, action: 'session.unlock', recordType: 'session', recordId: row.id });
      })
      .immediate();
    return this.userOf({ ...row, lockedAt: null });
  }

  /** Ends the session; true when there was one to end. */
  signOut(token: string | null): boolean {
    const row = token
      ? this.store()
          .db.select()
          .from(appSessions)
          .where(eq(appSessions.tokenHash, hashSessionToken(token)))
          .get()
      : undefined;
    if (!row || row.endedAt) return false;
    this.end(row, 'signed-out', row.username);
    return true;
  }

  private liveRow(token: string | null): Row {
    if (!this.resolve(token)) throw new HilumError('NOT_SIGNED_IN', 'You are not signed in (or your session has ended): sign in again', {});
    const row = this.store()
      .db.select()
      .from(appSessions)
      .where(eq(appSessions.tokenHash, hashSessionToken(token!)))
      .get();
    if (!row) throw new HilumError('NOT_SIGNED_IN', 'Your session has ended: sign in again', {});
    return row;
  }

  private setLocked(row: Row, reason: 'idle' | 'user'): void {
    const store = this.store();
    store.sqlite
      .transaction(() => {
        store.db.update(appSessions).set({ lockedAt: this.now().toISOString() }).where(eq(appSessions.id, row.id)).run();
        appendAuditEvent(store, {
          actor: row.username,
          action: 'session.lock',
          recordType: 'session',
          recordId: row.id,
          payload: { reason },
        });
      })
      .immediate();
  }

  private end(row: Row, reason: string, actor: string): void {
    const store = this.store();
    store.sqlite
      .transaction(() => {
        store.db.update(appSessions).set({ endedAt: this.now().toISOString(), endReason: reason }).where(eq(appSessions.id, row.id)).run();
        appendAuditEvent(store, { actor, action: 'session.end', recordType: 'session', recordId: row.id, payload: { reason } });
      })
      .immediate();
  }

  private userOf(row: Row): SessionUser {
    const account = this.store().db.select().from(users).where(eq(users.id, row.userId)).get();
    if (!account) throw new HilumError('NOT_SIGNED_IN', `The account of session ${row.id} no longer exists`, { sessionId: row.id });
    return {
      sessionId: row.id,
      userId: account.id,
      username: account.username,
      fullName: account.fullName,
      role: account.role,
      signedInAt: row.createdAt,
      locked: row.lockedAt !== null,
      idleLockMs: this.policy.idleLockMs,
    };
  }
}
