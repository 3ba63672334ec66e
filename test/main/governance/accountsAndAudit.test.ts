import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendAuditEvent, authenticate, checkpointEvery, checkpointFile, countUsers, createFirstAdmin, createUser, hashPassword,
  installationKeyFile, listUsers, readCheckpointFile, scryptParams, verifyAuditTrail, verifyPassword,
} from '../../../src-main/governance';
import { GENESIS_HASH } from '../../../src-core/governance';
import { openTempStore, removeTempDirs } from './governanceFixtures';

afterAll(removeTempDirs);

describe('password hashing', () => {
  it('stores scrypt parameters and a per-user salt, and verifies only the right password', () => {
    const a = hashPassword('correct horse');
    const b = hashPassword('correct horse');
    expect(a).toMatch(new RegExp(`^scrypt\\$${scryptParams.N}\\$8\\$1\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}$`));
    expect(a).not.toBe(b); // different salts
    expect(verifyPassword('correct horse', a)).toBe(true);
    expect(verifyPassword('correct horsf', a)).toBe(false);
    expect(() => hashPassword('short')).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('accounts', () => {
  it('creates the first admin only once; only admins create users; failed logins are audited', () => {
    const store = openTempStore('accounts');
    try {
      expect(countUsers(store)).toBe(0);
      const admin = createFirstAdmin(store, { username: 'root', fullName: 'Rae Root', password: 'root-pass-1' });
      expect(admin.role).toBe('admin');
      expect(() => createFirstAdmin(store, { username: 'root2', fullName: 'Other', password: 'root-pass-2' })).toThrowError(expect.objectContaining({ code: 'CONFLICT' }));
      const eng = createUser(store, admin, { username: 'eng', fullName: 'Erin Engineer', role: 'engineer', password: 'eng-pass-12' });
      expect(() => createUser(store, eng, { username: 'x1', fullName: 'X One', role: 'admin', password: 'x-pass-123' })).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => createUser(store, admin, { username: 'eng', fullName: 'Dup', role: 'qa', password: 'dup-pass-1' })).toThrowError(expect.objectContaining({ code: 'CONFLICT' }));
      expect(authenticate(store, 'eng', 'eng-pass-12').id).toBe(eng.id);
      expect(() => authenticate(store, 'eng', 'eng-pass-13')).toThrowError(expect.objectContaining({ code: 'AUTH_FAILED' }));
      expect(() => authenticate(store, 'nobody', 'eng-pass-12')).toThrowError(expect.objectContaining({ code: 'AUTH_FAILED' }));
      expect(listUsers(store, admin).map((u) => u.username).sort()).toEqual(['eng', 'root']);
      const actions = (store.sqlite.prepare('SELECT action, actor FROM audit_events ORDER BY seq').all() as Array<{ action: string; actor: string }>);
      expect(actions).toEqual([
        { action: 'user.createAdmin', actor: 'root' }, { action: 'user.create', actor: 'root' }, { action: 'permission.denied', actor: 'eng' }, { action: 'auth.failed', actor: 'eng' }, { action: 'auth.failed', actor: 'nobody' },
      ]);
      // No password material in the audit trail.
      expect(JSON.stringify(store.sqlite.prepare('SELECT * FROM audit_events').all())).not.toMatch(/pass-1|scrypt\$/);
    } finally {
      store.close();
    }
  });
});

describe('audit trail', () => {
  it('chains events from the genesis hash and signs a checkpoint every N events with a 0600 installation key', () => {
    const store = openTempStore('audit');
    try {
      const first = appendAuditEvent(store, { actor: 'svc', action: 'inference', recordType: 'model', recordId: 'm', before: { a: 1 }, after: { a: 2 }, payload: { input: 'abc' } });
      expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, payloadJson: '{"input":"abc"}' });
      expect(first.beforeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(first.afterHash).not.toBe(first.beforeHash);
      expect(readCheckpointFile(store.dataDir)).toBeNull();
      for (let i = 2; i <= checkpointEvery; i++) appendAuditEvent(store, { actor: 'svc', action: 'inference', recordType: 'model', recordId: 'm', payload: { i } });
      const cps = store.sqlite.prepare('SELECT seq FROM audit_checkpoints').all();
      expect(cps).toEqual([{ seq: checkpointEvery }]);
      expect(readCheckpointFile(store.dataDir)).toMatchObject({ seq: checkpointEvery });
      expect(fs.statSync(installationKeyFile(store.dataDir)).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(checkpointFile(store.dataDir))).toBe(true);
      expect(verifyAuditTrail(store)).toMatchObject({ ok: true, eventsChecked: checkpointEvery, checkpointSeq: checkpointEvery });
      // An event inside a caller's transaction that rolls back leaves no trace.
      expect(() => store.sqlite.transaction(() => {
        appendAuditEvent(store, { actor: 'svc', action: 'x', recordType: 'r', recordId: '1' });
        throw new Error('rollback');
      })()).toThrow('rollback');
      expect(verifyAuditTrail(store)).toMatchObject({ ok: true, headSeq: checkpointEvery });
    } finally {
      store.close();
    }
  });
});
