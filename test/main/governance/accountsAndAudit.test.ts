import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendAuditEvent,
  authenticate,
  checkPasswordPolicy,
  countUsers,
  createFirstAdmin,
  createUser,
  hashPassword,
  listUsers,
  lockoutPolicy,
  lockoutSeconds,
  fingerprintOf,
  scryptParams,
  signedAuditHead,
  signingKeyFile,
  unlockUser,
  verifyAuditTrail,
  verifyPassword,
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
      const admin = createFirstAdmin(store, { username: 'root', fullName: 'Rae Root', password: 'Rae-pass-001' });
      expect(admin.role).toBe('admin');
      expect(() => createFirstAdmin(store, { username: 'root2', fullName: 'Other', password: 'Other-pass-2' })).toThrowError(
        expect.objectContaining({ code: 'CONFLICT' }),
      );
      const eng = createUser(store, admin, { username: 'eng', fullName: 'Erin Engineer', role: 'engineer', password: 'Erin-pass-12' });
      expect(() => createUser(store, eng, { username: 'x1', fullName: 'X One', role: 'admin', password: 'Xavier-pass-1' })).toThrowError(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      expect(() => createUser(store, admin, { username: 'eng', fullName: 'Dup', role: 'qa', password: 'Dupli-pass-1' })).toThrowError(
        expect.objectContaining({ code: 'CONFLICT' }),
      );
      expect(authenticate(store, 'eng', 'Erin-pass-12').id).toBe(eng.id);
      expect(() => authenticate(store, 'eng', 'Erin-pass-13')).toThrowError(expect.objectContaining({ code: 'AUTH_FAILED' }));
      expect(() => authenticate(store, 'nobody', 'Erin-pass-12')).toThrowError(expect.objectContaining({ code: 'AUTH_FAILED' }));
      expect(
        listUsers(store, admin)
          .map((u) => u.username)
          .sort(),
      ).toEqual(['eng', 'root']);
      const actions = store.sqlite.prepare('SELECT action, actor FROM audit_events ORDER BY seq').all() as Array<{
        action: string;
        actor: string;
      }>;
      expect(actions).toEqual([
        { action: 'user.createAdmin', actor: 'root' },
        { action: 'user.create', actor: 'root' },
        { action: 'permission.denied', actor: 'eng' },
        { action: 'auth.failed', actor: 'eng' },
        { action: 'auth.failed', actor: 'nobody' },
      ]);
      // No password material in the audit trail.
      expect(JSON.stringify(store.sqlite.prepare('SELECT * FROM audit_events').all())).not.toMatch(/pass-1|scrypt\$/);
      // The password policy applies to new accounts.
      expect(() => createUser(store, admin, { username: 'weak', fullName: 'Weak One', role: 'qa', password: 'aaaaaaaaaaaa' })).toThrowError(
        expect.objectContaining({ code: 'PASSWORD_POLICY' }),
      );
      expect(() => createUser(store, admin, { username: 'short', fullName: 'Short One', role: 'qa', password: 'Ab1-x' })).toThrowError(
        expect.objectContaining({ code: 'PASSWORD_POLICY' }),
      );
      expect(() => checkPasswordPolicy('quinn-Pass-1', 'quinn')).toThrowError(/contains the user name/);
      expect(() => checkPasswordPolicy('correct horse battery staple', 'quinn')).not.toThrow();
    } finally {
      store.close();
    }
  });

  it('locks an account after N failures with backoff (audited); the right password is refused until an admin unlocks it', () => {
    const store = openTempStore('lockout');
    try {
      const admin = createFirstAdmin(store, { username: 'root', fullName: 'Rae Root', password: 'Rae-pass-001' });
      createUser(store, admin, { username: 'eng', fullName: 'Erin Engineer', role: 'engineer', password: 'Erin-pass-12' });
      const policy = lockoutPolicy();
      for (let i = 1; i < policy.maxFailures; i++)
        expect(() => authenticate(store, 'eng', `wrong-pass-${i}`)).toThrowError(expect.objectContaining({ code: 'AUTH_FAILED' }));
      expect(() => authenticate(store, 'eng', 'wrong-pass-x')).toThrowError(expect.objectContaining({ code: 'ACCOUNT_LOCKED' }));
      // 30 more tries, then the right password: still refused (the password is not even checked).
      for (let i = 0; i < 30; i++)
        expect(() => authenticate(store, 'eng', `guess-${i}`)).toThrowError(expect.objectContaining({ code: 'ACCOUNT_LOCKED' }));
      expect(() => authenticate(store, 'eng', 'Erin-pass-12')).toThrowError(expect.objectContaining({ code: 'ACCOUNT_LOCKED' }));
      const eng = { ...admin, username: 'eng', role: 'engineer' as const };
      expect(() => unlockUser(store, eng, 'eng')).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
      unlockUser(store, admin, 'eng');
      expect(authenticate(store, 'eng', 'Erin-pass-12').username).toBe('eng');
      const actions = (store.sqlite.prepare('SELECT action FROM audit_events').all() as Array<{ action: string }>).map((r) => r.action);
      expect(actions.filter((a) => a === 'auth.lockout')).toHaveLength(1);
      expect(actions.filter((a) => a === 'auth.locked')).toHaveLength(31);
      expect(actions).toContain('user.unlock');
      // Backoff doubles per further failure, capped.
      expect([4, 5, 6, 7, 30].map((n) => lockoutSeconds(n, { maxFailures: 5, baseSeconds: 60, maxSeconds: 3600 }))).toEqual([
        0, 60, 120, 240, 3600,
      ]);
      expect(verifyAuditTrail(store).ok).toBe(true);
    } finally {
      store.close();
    }
  });
});

describe('audit trail', () => {
  it('chains events from the genesis hash and signs the head of every transaction with a key kept outside the data folder', () => {
    const store = openTempStore('audit');
    try {
      const first = appendAuditEvent(store, {
        actor: 'svc',
        action: 'inference',
        recordType: 'model',
        recordId: 'm',
        before: { a: 1 },
        after: { a: 2 },
        payload: { input: 'abc' },
      });
      expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
      expect(JSON.parse(first.payloadJson)).toMatchObject({
        input: 'abc',
        state: [{ table: 'installation_settings', key: 'auditSigningKeyFingerprint' }],
      });
      expect(first.beforeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(first.afterHash).not.toBe(first.beforeHash);
      expect(signedAuditHead(store)).toMatchObject({ seq: 1, hash: first.hash });
      store.sqlite
        .transaction(() => {
          for (let i = 2; i <= 5; i++)
            appendAuditEvent(store, { actor: 'svc', action: 'inference', recordType: 'model', recordId: 'm', payload: { i } });
        })
        .immediate();
      expect(signedAuditHead(store)).toMatchObject({ seq: 5 });
      const keyFile = signingKeyFile();
      expect(path.relative(store.dataDir, keyFile).startsWith('..')).toBe(true);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(store.dataDir).some((f) => f.endsWith('.pem'))).toBe(false);
      expect(verifyAuditTrail(store)).toMatchObject({ ok: true, eventsChecked: 5, checkpointSeq: 5 });
      // An event inside a caller's transaction that rolls back leaves no trace, and no head.
      expect(() =>
        store.sqlite.transaction(() => {
          appendAuditEvent(store, { actor: 'svc', action: 'x', recordType: 'r', recordId: '1' });
          throw new Error('rollback');
        })(),
      ).toThrow('rollback');
      expect(verifyAuditTrail(store)).toMatchObject({ ok: true, headSeq: 5, checkpointSeq: 5 });
    } finally {
      store.close();
    }
  });

  it('refuses a plain-text signing key inside the data folder; accepts an encrypted one from HILUM_SIGNING_KEY', () => {
    const store = openTempStore('keyfile');
    const saved = { key: process.env.HILUM_SIGNING_KEY, pass: process.env.HILUM_SIGNING_KEY_PASSPHRASE };
    try {
      const pair = generateKeyPairSync('ed25519');
      const plain = path.join(store.dataDir, 'key.pem');
      fs.writeFileSync(plain, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
      process.env.HILUM_SIGNING_KEY = plain;
      expect(() => appendAuditEvent(store, { actor: 'svc', action: 'x', recordType: 'r', recordId: '1' })).toThrowError(
        expect.objectContaining({ code: 'SIGNING_KEY_UNSAFE' }),
      );
      const encrypted = path.join(store.dataDir, 'key-encrypted.pem');
      fs.writeFileSync(
        encrypted,
        pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'a long passphrase' }) as string,
        { mode: 0o600 },
      );
      process.env.HILUM_SIGNING_KEY = encrypted;
      process.env.HILUM_SIGNING_KEY_PASSPHRASE = 'wrong passphrase';
      expect(() => appendAuditEvent(store, { actor: 'svc', action: 'x', recordType: 'r', recordId: '1' })).toThrowError(
        expect.objectContaining({ code: 'SIGNING_KEY_UNAVAILABLE' }),
      );
      process.env.HILUM_SIGNING_KEY_PASSPHRASE = 'a long passphrase';
      appendAuditEvent(store, { actor: 'svc', action: 'x', recordType: 'r', recordId: '1' });
      expect(signedAuditHead(store)!.keyFingerprint).toBe(fingerprintOf(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string));
      expect(verifyAuditTrail(store).ok).toBe(true);
    } finally {
      for (const [name, value] of [
        ['HILUM_SIGNING_KEY', saved.key],
        ['HILUM_SIGNING_KEY_PASSPHRASE', saved.pass],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      store.close();
    }
  });
});
