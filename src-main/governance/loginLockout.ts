/**
 * Account lockout with exponential backoff (Part 11 §11.300(d): safeguards against attempts at
 * unauthorised use): after `maxFailures` failed sign-ins in a row, the account is locked for
 * `baseSeconds`, doubling with each further failure up to `maxSeconds`; an admin can unlock it.
 * Configured by HILUM_LOCKOUT_MAX_FAILURES / _BASE_SECONDS / _MAX_SECONDS. Every lockout and
 * unlock is audited; counters are keyed by the name typed, so unknown names behave the same.
 */
import { eq } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import { loginFailures } from '../store/schema';
import { appendAuditEvent } from './auditTrail';

export interface LockoutPolicy {
  maxFailures: number;
  baseSeconds: number;
  maxSeconds: number;
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new HilumError('CONFIG_INVALID', `${name} must be a positive integer, got "${raw}"`, { variable: name });
  return n;
}

export function lockoutPolicy(): LockoutPolicy {
  return {
    maxFailures: envInt('HILUM_LOCKOUT_MAX_FAILURES', 5),
    baseSeconds: envInt('HILUM_LOCKOUT_BASE_SECONDS', 60),
    maxSeconds: envInt('HILUM_LOCKOUT_MAX_SECONDS', 3600),
  };
}

/** Seconds locked after `failures` consecutive failures (0 below the threshold). */
export function lockoutSeconds(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.maxFailures) return 0;
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(30, failures - policy.maxFailures));
}

/** Throws ACCOUNT_LOCKED (and audits the attempt) while the name is locked; the password is not even checked. */
export function refuseIfLocked(store: Store, username: string, now = new Date()): void {
  const row = store.db.select().from(loginFailures).where(eq(loginFailures.username, username)).get();
  if (row?.lockedUntil && row.lockedUntil > now.toISOString()) {
    appendAuditEvent(store, {
      actor: username,
      action: 'auth.locked',
      recordType: 'user',
      recordId: `name:${username}`,
      payload: { username, lockedUntil: row.lockedUntil },
    });
    throw new HilumError(
      'ACCOUNT_LOCKED',
      `account ${username} is locked until ${row.lockedUntil} after ${row.failures} failed sign-ins (an admin can unlock it)`,
      { username, lockedUntil: row.lockedUntil },
    );
  }
}

/** Counts one failure; returns the lock end when this failure locks the account. */
export function recordLoginFailure(store: Store, username: string, now = new Date()): string | null {
  return store.sqlite
    .transaction(() => {
      const policy = lockoutPolicy();
      const failures = (store.db.select().from(loginFailures).where(eq(loginFailures.username, username)).get()?.failures ?? 0) + 1;
      const seconds = lockoutSeconds(failures, policy);
      const lockedUntil = seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : null;
      const row = { username, failures, lastFailedAt: now.toISOString(), lockedUntil };
      store.db.insert(loginFailures).values(row).onConflictDoUpdate({ target: loginFailures.username, set: row }).run();
      if (lockedUntil)
        appendAuditEvent(store, {
          actor: username,
          action: 'auth.lockout',
          recordType: 'user',
          recordId: `name:${username}`,
          payload: { username, failures, lockedUntil, seconds },
        });
      return lockedUntil;
    })
    .immediate();
}

export function clearLoginFailures(store: Store, username: string): void {
  store.db.delete(loginFailures).where(eq(loginFailures.username, username)).run();
}

/** Admin unlock (the caller checks `user.unlock`). */
export function unlockAccount(store: Store, by: { username: string }, username: string): void {
  store.sqlite
    .transaction(() => {
      const row = store.db.select().from(loginFailures).where(eq(loginFailures.username, username)).get();
      clearLoginFailures(store, username);
      appendAuditEvent(store, {
        actor: by.username,
        action: 'user.unlock',
        recordType: 'user',
        recordId: `name:${username}`,
        payload: { username, failures: row?.failures ?? 0 },
      });
    })
    .immediate();
}
