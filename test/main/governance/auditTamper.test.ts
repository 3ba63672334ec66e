import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent, sha256Hex, verifyAuditTrail } from '../../../src-main/governance';
import { auditHashInput } from '../../../src-core/governance';
import { openStore, storeFileName } from '../../../src-main/store/openStore';
import { tempDir, removeTempDirs } from './governanceFixtures';

const EVENTS = 30;
let original: string;

/** A test copy of the data dir, with the append-only triggers dropped so the "attacker" can edit it. */
function tamperedCopy(name: string, edit: (db: Database.Database) => void): string {
  const dir = tempDir(`tamper-${name}`);
  fs.cpSync(original, dir, { recursive: true });
  const db = new Database(path.join(dir, storeFileName));
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; DROP TRIGGER audit_checkpoints_no_delete;');
  edit(db);
  db.close();
  return dir;
}

function verifyDir(dir: string) {
  const store = openStore({ dataDir: dir });
  try {
    return verifyAuditTrail(store);
  } finally {
    store.close();
  }
}

beforeAll(() => {
  original = tempDir('tamper-original');
  const store = openStore({ dataDir: original });
  for (let i = 1; i <= EVENTS; i++) {
    appendAuditEvent(store, {
      actor: 'eng',
      action: 'inference',
      recordType: 'model',
      recordId: 'm1',
      payload: { marker: `tamper-target-${String(i).padStart(4, '0')}`, outputs: [i / 10] },
    });
  }
  store.close();
});

afterAll(removeTempDirs);

describe('audit trail tamper detection', () => {
  it('verifies the untouched trail and the triggers reject UPDATE and DELETE', () => {
    expect(verifyDir(original)).toMatchObject({ ok: true, eventsChecked: EVENTS, headSeq: EVENTS, checkpointSeq: EVENTS });
    const store = openStore({ dataDir: original });
    try {
      expect(() => store.sqlite.prepare("UPDATE audit_events SET actor = 'x' WHERE seq = 3").run()).toThrow(/append-only/);
      expect(() => store.sqlite.prepare('DELETE FROM audit_events WHERE seq = 30').run()).toThrow(/append-only/);
    } finally {
      store.close();
    }
  });

  it('detects a single-byte edit made through SQL', () => {
    const dir = tamperedCopy('sql-byte', (db) =>
      db.prepare("UPDATE audit_events SET payload_json = replace(payload_json, '0.7', '0.8') WHERE seq = 7").run(),
    );
    expect(verifyDir(dir).firstBad).toMatchObject({ kind: 'hash_mismatch', seq: 7 });
  });

  it('detects a single-byte edit of the database file itself', () => {
    // The marker's bytes can occur more than once in the file (stale copies left in a page's free
    // space after a split). Flip one byte at each occurrence in its own copy; where SQLite then
    // reads a changed row (the live copy), verification must name event 17.
    const bytes = fs.readFileSync(path.join(original, storeFileName));
    const marker = 'tamper-target-0017';
    let liveEdits = 0;
    for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) {
      const dir = tempDir('tamper-file-byte');
      fs.cpSync(original, dir, { recursive: true });
      const file = path.join(dir, storeFileName);
      const edited = Buffer.from(bytes);
      edited[at + marker.length - 1] = '8'.charCodeAt(0); // ...0017 -> ...0018: one byte
      fs.writeFileSync(file, edited);
      const db = new Database(file, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok'); // SQLite's own check cannot see it
      const payload = (db.prepare('SELECT payload_json FROM audit_events WHERE seq = 17').get() as { payload_json: string }).payload_json;
      db.close();
      if (!payload.includes('tamper-target-0018')) continue;
      liveEdits++;
      expect(verifyDir(dir).firstBad).toMatchObject({ kind: 'hash_mismatch', seq: 17 });
    }
    expect(liveEdits).toBe(1);
  });

  it('detects a deleted row and names the gap', () => {
    const dir = tamperedCopy('delete', (db) => db.prepare('DELETE FROM audit_events WHERE seq = 10').run());
    const v = verifyDir(dir);
    expect(v.firstBad).toMatchObject({ kind: 'seq_gap', seq: 11 });
    expect(v.firstBad!.message).toMatch(/seq 10 missing/);
  });

  it('detects a row inserted in the middle with a correctly computed hash', () => {
    const dir = tamperedCopy('insert', (db) => {
      db.prepare('UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 12').run();
      db.prepare('UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000').run();
      const prev = db.prepare('SELECT hash FROM audit_events WHERE seq = 11').get() as { hash: string };
      const forged = {
        seq: 12,
        at: '2026-01-01T00:00:00.000Z',
        actor: 'mallory',
        action: 'model.lock',
        recordType: 'model',
        recordId: 'm1',
        beforeHash: null,
        afterHash: null,
        payloadJson: '{}',
        prevHash: prev.hash,
      };
      db.prepare(
        'INSERT INTO audit_events (seq, at, actor, action, record_type, record_id, before_hash, after_hash, payload_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      ).run(
        forged.seq,
        forged.at,
        forged.actor,
        forged.action,
        forged.recordType,
        forged.recordId,
        null,
        null,
        forged.payloadJson,
        forged.prevHash,
        sha256Hex(auditHashInput(forged)),
      );
    });
    const v = verifyDir(dir);
    // The forged row chains correctly to 11, but the next (original 12, now 13) no longer does, and the signed checkpoint names a different hash.
    expect(v.firstBad).toMatchObject({ kind: 'hash_mismatch', seq: 13 });
    expect(v.problems.map((p) => p.kind)).toContain('prev_hash_mismatch');
  });

  it('detects an appended row with a bogus hash', () => {
    const dir = tamperedCopy('append', (db) => {
      const prev = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(EVENTS) as { hash: string };
      db.prepare(
        "INSERT INTO audit_events (seq, at, actor, action, record_type, record_id, payload_json, prev_hash, hash) VALUES (?, '2026-01-01T00:00:00.000Z', 'mallory', 'x', 'model', 'm', '{}', ?, ?)",
      ).run(EVENTS + 1, prev.hash, 'f'.repeat(64));
    });
    expect(verifyDir(dir).firstBad).toMatchObject({ kind: 'hash_mismatch', seq: EVENTS + 1 });
  });

  it('detects two swapped rows', () => {
    const dir = tamperedCopy('swap', (db) => {
      const cols = 'at, actor, action, record_type, record_id, before_hash, after_hash, payload_json, prev_hash, hash';
      const a = db.prepare(`SELECT ${cols} FROM audit_events WHERE seq = 5`).get() as Record<string, unknown>;
      const b = db.prepare(`SELECT ${cols} FROM audit_events WHERE seq = 6`).get() as Record<string, unknown>;
      const set = db.prepare(
        `UPDATE audit_events SET ${cols
          .split(', ')
          .map((c) => `${c} = @${c}`)
          .join(', ')} WHERE seq = @seq`,
      );
      set.run({ ...b, seq: 5 });
      set.run({ ...a, seq: 6 });
    });
    expect(verifyDir(dir).firstBad).toMatchObject({ seq: 5 });
  });

  it('detects a truncated tail through the signed head (kept, or deleted with it)', () => {
    const dir = tamperedCopy('truncate', (db) => db.prepare('DELETE FROM audit_events WHERE seq > 25').run());
    expect(verifyDir(dir).firstBad).toMatchObject({
      kind: 'truncated',
      seq: 26,
      message: expect.stringMatching(/signed head vouches for seq 30/),
    });
    const dir2 = tamperedCopy('truncate-all', (db) => {
      db.prepare('DELETE FROM audit_events WHERE seq > 25').run();
      db.prepare('DELETE FROM audit_heads').run();
    });
    expect(verifyDir(dir2).problems.map((p) => p.kind)).toContain('no_signed_head');
  });

  it('rejects a signed head whose signature was forged', () => {
    const dir = tamperedCopy('forged-head', (db) => db.prepare("UPDATE audit_heads SET signature = 'AAAA'").run());
    expect(verifyDir(dir).problems.map((p) => p.kind)).toContain('checkpoint_signature');
  });
});
