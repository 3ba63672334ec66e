// The session service over a real store: sign-in (scrypt), token hashed at rest, idle lock and unlock by
// the same user's password only, expiry, sign-out, a disabled account, and every transition audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { hashSessionToken, SessionService } from '../../../../src-main/app/session/SessionService';
import { createFirstAdmin, createUser } from '../../../../src-main/governance/userAccounts';
import { openStore, type Store } from '../../../../src-main/store/openStore';
import { appSessions, auditEvents, users } from '../../../../src-main/store/schema';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-sessions-'));
let store: Store;
let clock = Date.parse('2026-03-01T09:00:00.000Z');
const now = () => new Date(clock);
const minutes = (n: number) => n * 60_000;
let sessions: SessionService;

beforeAll(() => {
  store = openStore({ dataDir });
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  createUser(store, admin, { username: 'rita', fullName: 'Rita Radiologist', role: 'radiologist', password: 'radiologist password 1' });
  createUser(store, admin, { username: 'quinn', fullName: 'Quinn QA', role: 'qa', password: 'qa password 12345' });
  sessions = new SessionService(() => store, { idleLockMs: minutes(15), maxAgeMs: minutes(600) }, now);
});
afterAll(() => {
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const actions = (sessionId: string) =>
  store.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.recordId, sessionId))
    .all()
    .map((e) => `${e.actor} ${e.action}`);

describe('SessionService', () => {
  it('signs in with the password, stores only the SHA-256 of the token, and resolves the token to the user', () => {
    const { token, user } = sessions.signIn('rita', 'radiologist password 1', 'devhost');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(user).toMatchObject({ username: 'rita', fullName: 'Rita Radiologist', role: 'radiologist', locked: false });
    const row = store.db.select().from(appSessions).where(eq(appSessions.id, user.sessionId)).get()!;
    expect(row.tokenHash).toBe(hashSessionToken(token));
    expect(JSON.stringify(store.sqlite.prepare('select * from app_sessions').all())).not.toContain(token);
    expect(sessions.resolve(token)).toMatchObject({ username: 'rita', locked: false });
    expect(sessions.resolve('f'.repeat(64))).toBeNull();
    expect(sessions.resolve(null)).toBeNull();
    expect(actions(user.sessionId)).toEqual(['rita session.signIn']);
  });

  it('refuses a wrong password (AUTH_FAILED, audited by the account service) and opens no session', () => {
    const before = store.db.select().from(appSessions).all().length;
    expect(() => sessions.signIn('rita', 'wrong', 'devhost')).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }));
    expect(store.db.select().from(appSessions).all().length).toBe(before);
  });

  it("locks after the idle time, and only the same user's password unlocks", () => {
    const { token, user } = sessions.signIn('quinn', 'qa password 12345', 'electron');
    clock += minutes(14);
    expect(sessions.resolve(token)?.locked).toBe(false);
    clock += minutes(16);
    expect(sessions.resolve(token)?.locked).toBe(true);
    expect(sessions.resolve(token)?.locked).toBe(true);
    expect(() => sessions.unlock(token, 'radiologist password 1')).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }));
    expect(sessions.resolve(token)?.locked).toBe(true);
    expect(sessions.unlock(token, 'qa password 12345').locked).toBe(false);
    expect(sessions.resolve(token)?.locked).toBe(false);
    expect(sessions.lock(token).locked).toBe(true);
    expect(actions(user.sessionId)).toEqual(['quinn session.signIn', 'quinn session.lock', 'quinn session.unlock', 'quinn session.lock']);
    const reasons = store.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.recordId, user.sessionId))
      .all()
      .filter((e) => e.action === 'session.lock')
      .map((e) => JSON.parse(e.payloadJson).reason);
    expect(reasons).toEqual(['idle', 'user']);
  });

  it('ends a session on sign-out, after its maximum age, and when the account is disabled', () => {
    const first = sessions.signIn('rita', 'radiologist password 1', 'devhost');
    expect(sessions.signOut(first.token)).toBe(true);
    expect(sessions.resolve(first.token)).toBeNull();
    expect(sessions.signOut(first.token)).toBe(false);
    expect(() => sessions.lock(first.token)).toThrow(expect.objectContaining({ code: 'NOT_SIGNED_IN' }));

    const second = sessions.signIn('rita', 'radiologist password 1', 'devhost');
    for (let i = 0; i < 61; i++) {
      clock += minutes(10);
      sessions.resolve(second.token);
    }
    expect(sessions.resolve(second.token)).toBeNull();
    expect(store.db.select().from(appSessions).where(eq(appSessions.id, second.user.sessionId)).get()?.endReason).toBe('expired');

    const third = sessions.signIn('rita', 'radiologist password 1', 'devhost');
    store.db.update(users).set({ disabledAt: now().toISOString() }).where(eq(users.username, 'rita')).run();
    expect(sessions.resolve(third.token)).toBeNull();
    expect(actions(third.user.sessionId)).toEqual(['rita session.signIn', 'rita session.end']);
  });
});
