/**
 * The attacker suite: someone who can write the data folder (triggers dropped, rows edited with
 * SQLite directly). Each attack gets the verdict docs/GOVERNANCE.md ("Threat model") promises, and
 * `audit verify` names the record.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  appendAuditEvent,
  authenticate,
  lockModel,
  registerModel,
  signedAuditHead,
  verifyAuditTrail,
  verifyLockedBundle,
} from '../../../src-main/governance';
import { openStore } from '../../../src-main/store/openStore';
import { auditRows, copyOf, makePristine, rehashChain, tamper, verifyDir, writeHead, type Pristine } from './attackHelpers';
import { makeBundle, passwords, removeTempDirs, tempDir } from './governanceFixtures';

let p: Pristine;
beforeAll(() => {
  p = makePristine();
});
afterAll(removeTempDirs);

describe('attacks on the audit chain (no signing key)', () => {
  it('the pristine folder verifies', () => {
    expect(verifyDir(copyOf(p.dir, 'ok'))).toMatchObject({ ok: true, checkpointSeq: p.head.seq, problems: [] });
  });

  it('edit: an event payload changed in place is named by seq', () => {
    const dir = copyOf(p.dir, 'edit');
    tamper(dir, (db) => db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 5").run());
    expect(verifyDir(dir).firstBad).toMatchObject({ kind: 'hash_mismatch', seq: 5, record: 'audit_events seq 5' });
  });

  it('edit and rehash the whole chain: the signed head no longer matches', () => {
    const dir = copyOf(p.dir, 'rehash');
    tamper(dir, (db) => {
      db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 5").run();
      rehashChain(db);
    });
    expect(verifyDir(dir).firstBad).toMatchObject({
      kind: 'checkpoint_mismatch',
      seq: p.head.seq,
      record: `audit_events seq ${p.head.seq}`,
    });
  });

  it('delete: the gap is named', () => {
    const dir = copyOf(p.dir, 'delete');
    tamper(dir, (db) => db.prepare('DELETE FROM audit_events WHERE seq = 7').run());
    expect(verifyDir(dir).firstBad).toMatchObject({ kind: 'seq_gap', seq: 8, record: 'audit_events seq 8' });
  });

  it('insert: an event appended after the signed head is named', () => {
    const dir = copyOf(p.dir, 'insert');
    tamper(dir, (db) => {
      const last = auditRows(db).at(-1)!;
      db.prepare(
        'INSERT INTO audit_events (seq, at, actor, action, record_type, record_id, before_hash, after_hash, payload_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)',
      ).run(last.seq + 1, last.at, 'mallory', 'model.lock', 'model', 'x', '{}', last.hash, 'f'.repeat(64));
      rehashChain(db);
    });
    expect(verifyDir(dir).problems).toContainEqual(
      expect.objectContaining({ kind: 'unsigned_tail', seq: p.head.seq + 1, record: `audit_events seq ${p.head.seq + 1}` }),
    );
  });

  it('reorder: two swapped events are named', () => {
    const dir = copyOf(p.dir, 'reorder');
    tamper(dir, (db) => {
      db.prepare('UPDATE audit_events SET seq = -1 WHERE seq = 3').run();
      db.prepare('UPDATE audit_events SET seq = 3 WHERE seq = 4').run();
      db.prepare('UPDATE audit_events SET seq = 4 WHERE seq = -1').run();
    });
    expect(verifyDir(dir).firstBad).toMatchObject({ seq: 3, record: 'audit_events seq 3' });
  });

  it('truncate the tail together with its head: the head cannot be re-signed without the key', () => {
    const dir = copyOf(p.dir, 'truncate');
    const cut = p.head.seq - 4;
    tamper(dir, (db) => {
      const kept = auditRows(db).find((r) => r.seq === cut)!;
      db.prepare('DELETE FROM audit_events WHERE seq > ?').run(cut);
      db.prepare('UPDATE audit_heads SET seq = ?, hash = ? WHERE id = 1').run(cut, kept.hash);
    });
    expect(verifyDir(dir).firstBad).toMatchObject({
      kind: 'checkpoint_signature',
      record: 'signed head',
      message: expect.stringMatching(/signature does not verify/),
    });
  });

  it('truncate the tail and delete the head row', () => {
    const dir = copyOf(p.dir, 'truncate2');
    tamper(dir, (db) => {
      db.prepare('DELETE FROM audit_events WHERE seq > ?').run(p.head.seq - 4);
      db.prepare('DELETE FROM audit_heads').run();
    });
    const v = verifyDir(dir);
    expect(v.problems).toContainEqual(expect.objectContaining({ kind: 'no_signed_head', record: 'signed head' }));
    // Deleted tail events also leave state rows the chain no longer vouches for (the lock).
    expect(v.problems).toContainEqual(expect.objectContaining({ kind: 'row_unaudited', record: `model_locks ${p.modelId}` }));
  });

  it('insert your own key and re-sign: only pinned keys are trusted', () => {
    const dir = copyOf(p.dir, 'ownkey');
    const own = generateKeyPairSync('ed25519');
    const ownPem = own.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    tamper(dir, (db) => {
      db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 5").run();
      const last = rehashChain(db);
      writeHead(db, last, own.privateKey, ownPem);
      db.prepare("INSERT INTO installation_keys (key_id, algorithm, public_key_pem, created_at) VALUES ('mallory', 'ed25519', ?, 't')").run(
        ownPem,
      );
    });
    expect(verifyDir(dir).firstBad).toMatchObject({
      kind: 'checkpoint_signature',
      record: 'signed head',
      message: expect.stringMatching(/not a trusted \(pinned\) key/),
    });
    // A verifier on another machine (no local key) pins the installation's fingerprint explicitly.
    const config = process.env.HILUM_CONFIG_DIR;
    process.env.HILUM_CONFIG_DIR = tempDir('empty-config');
    const store = openStore({ dataDir: dir, readonly: true });
    try {
      expect(verifyAuditTrail(store, { trustedKeys: [p.head.keyFingerprint] }).firstBad).toMatchObject({
        record: 'signed head',
        message: expect.stringMatching(/not a trusted \(pinned\) key/),
      });
      expect(verifyAuditTrail(store).firstBad).toMatchObject({ record: 'signed head', message: expect.stringMatching(/no trusted key/) });
      expect(
        verifyAuditTrail(openStore({ dataDir: copyOf(p.dir, 'pinned-ok'), readonly: true }), { trustedKeys: [p.head.keyFingerprint] }).ok,
      ).toBe(true);
    } finally {
      store.close();
      process.env.HILUM_CONFIG_DIR = config;
    }
  });
});

describe('attacks on governance state (no audit event)', () => {
  it('a locked model inserted directly is named and not served', () => {
    const dir = copyOf(p.dir, 'fakelock');
    tamper(dir, (db) => {
      db.prepare(
        "INSERT INTO models (id, name, version, predecessor_id, bundle_path, bundle_hash, created_by, status, created_at) VALUES ('fake', 'cxr-evil', '9', NULL, '/x', ?, 'eng', 'locked', 't')",
      ).run('a'.repeat(64));
      db.prepare(
        "INSERT INTO model_locks (model_id, locked_by, locked_at, bundle_hash, metrics_hash, gate_evaluation_id, signature_ids_json, change_request_id) VALUES ('fake', 'qa', 't', ?, 'm', 'g', '[]', NULL)",
      ).run('a'.repeat(64));
    });
    const v = verifyDir(dir);
    expect(v.problems.map((x) => x.record)).toEqual(expect.arrayContaining(['models fake', 'model_locks fake']));
    expect(v.problems.find((x) => x.record === 'model_locks fake')?.message).toMatch(/inserted outside the services/);
  });

  it('a lock row rewritten for another bundle is named and that bundle is not served', () => {
    const dir = copyOf(p.dir, 'relock');
    tamper(dir, (db) => db.prepare("UPDATE model_locks SET locked_by = 'mallory' WHERE model_id = ?").run(p.modelId));
    expect(verifyDir(dir).problems).toContainEqual(expect.objectContaining({ kind: 'row_edited', record: `model_locks ${p.modelId}` }));
    const store = openStore({ dataDir: dir });
    try {
      expect(() => verifyLockedBundle(store, p.bundlePath)).toThrowError(
        expect.objectContaining({ code: 'MODEL_NOT_LOCKED', message: expect.stringMatching(/audit trail vouches/) }),
      );
    } finally {
      store.close();
    }
  });

  it('a role changed directly is named, and not honoured at sign-in', () => {
    const dir = copyOf(p.dir, 'role');
    tamper(dir, (db) => db.prepare("UPDATE users SET role = 'qa' WHERE id = ?").run(p.userIds.eng));
    expect(verifyDir(dir).problems).toEqual([expect.objectContaining({ kind: 'row_edited', record: `users ${p.userIds.eng}` })]);
    const store = openStore({ dataDir: dir });
    try {
      expect(() => authenticate(store, 'eng', passwords.eng)).toThrowError(
        expect.objectContaining({
          code: 'AUDIT_CHAIN_BROKEN',
          message: expect.stringMatching(/users .* not in the state the audit trail records/),
        }),
      );
    } finally {
      store.close();
    }
  });

  it('a copied password hash is named, and does not let the copier in', () => {
    const dir = copyOf(p.dir, 'pwcopy');
    tamper(dir, (db) =>
      db
        .prepare('UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE id = ?) WHERE id = ?')
        .run(p.userIds.eng, p.userIds.qa),
    );
    expect(verifyDir(dir).problems).toEqual([expect.objectContaining({ kind: 'row_edited', record: `users ${p.userIds.qa}` })]);
    const store = openStore({ dataDir: dir });
    try {
      expect(() => authenticate(store, 'qa', passwords.eng)).toThrowError(expect.objectContaining({ code: 'AUDIT_CHAIN_BROKEN' }));
    } finally {
      store.close();
    }
  });

  it('a lenient release policy written directly as the default does not let a lock through', () => {
    const dir = copyOf(p.dir, 'policy');
    tamper(dir, (db) => {
      const spec = db.prepare('SELECT id FROM gate_specs LIMIT 1').get() as { id: string };
      db.prepare(
        "INSERT INTO release_policies (id, name, policy_json, policy_hash, gate_spec_id, created_by, created_at) VALUES ('lenient', 'lenient', ?, 'h', ?, 'admin', 't')",
      ).run(
        JSON.stringify({
          gateSpecId: spec.id,
          requiredSignatures: [{ meaning: 'approved', roles: ['qa'] }],
          distinctSigners: false,
          authorMayApprove: true,
        }),
        spec.id,
      );
      db.prepare("UPDATE installation_settings SET value = 'lenient' WHERE key = 'defaultReleasePolicyId'").run();
    });
    const store = openStore({ dataDir: dir });
    try {
      const qa = authenticate(store, 'qa', passwords.qa);
      const eng = authenticate(store, 'eng', passwords.eng);
      const m = registerModel(store, eng, { name: 'other', version: '1', ...makeBundle(path.join(tempDir('policy-b'), 'b'), 'other') });
      expect(() => lockModel(store, qa, m.id)).toThrowError(
        expect.objectContaining({
          code: 'LOCK_REFUSED',
          message: expect.stringMatching(
            /the audit trail does not verify \(installation_settings defaultReleasePolicyId|release_policies lenient/,
          ),
        }),
      );
    } finally {
      store.close();
    }
  });

  it('deleting the signed head and the recorded key to pass as an old trail: no service writes over it', () => {
    const dir = copyOf(p.dir, 'pose-legacy');
    tamper(dir, (db) => {
      db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 5").run();
      rehashChain(db);
      db.prepare('DELETE FROM audit_heads').run();
      db.prepare("DELETE FROM installation_settings WHERE key = 'auditSigningKeyFingerprint'").run();
    });
    const store = openStore({ dataDir: dir });
    try {
      expect(() => appendAuditEvent(store, { actor: 'svc', action: 'x', recordType: 'r', recordId: '1' })).toThrowError(
        expect.objectContaining({ code: 'AUDIT_CHAIN_BROKEN' }),
      );
      expect(verifyAuditTrail(store).problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'no_signed_head' }),
          expect.objectContaining({ kind: 'row_deleted', record: 'installation_settings auditSigningKeyFingerprint' }),
        ]),
      );
    } finally {
      store.close();
    }
  });

  it('a deleted signature is named', () => {
    const dir = copyOf(p.dir, 'delsig');
    tamper(dir, (db) => db.prepare("DELETE FROM signatures WHERE meaning = 'approved'").run());
    expect(verifyDir(dir).problems).toEqual([
      expect.objectContaining({ kind: 'row_deleted', record: expect.stringMatching(/^signatures /) }),
    ]);
  });

  it('dropped triggers are reported, and restored (audited) when the store opens', () => {
    const dir = copyOf(p.dir, 'triggers');
    tamper(dir, () => undefined);
    const ro = openStore({ dataDir: dir, readonly: true });
    try {
      const v = verifyAuditTrail(ro);
      expect(v.missingTriggers).toContain('audit_events_no_update');
      expect(v.problems).toContainEqual(expect.objectContaining({ kind: 'trigger_missing', record: 'trigger model_locks_no_update' }));
    } finally {
      ro.close();
    }
    expect(verifyDir(dir)).toMatchObject({ ok: true, missingTriggers: [] });
    const store = openStore({ dataDir: dir });
    try {
      const restored = store.sqlite
        .prepare("SELECT payload_json FROM audit_events WHERE action = 'store.triggers.restored'")
        .all() as Array<{ payload_json: string }>;
      expect(restored).toHaveLength(1);
      expect(restored[0]!.payload_json).toMatch(/audit_events_no_update/);
      expect(signedAuditHead(store)!.seq).toBe(p.head.seq + 1);
    } finally {
      store.close();
    }
  });
});
