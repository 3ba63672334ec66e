/**
 * The attacker suite, continued: an attacker who also holds the installation signing key, and one
 * who rolls the whole data folder back to an earlier copy. docs/GOVERNANCE.md promises: without a
 * witness these pass verification (stated, not hidden: the tests assert it); with a witnessed head
 * taken earlier they are detected and the witnessed record is named.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent, signedAuditHead, type SignedAuditHead } from '../../../src-main/governance';
import { openStore } from '../../../src-main/store/openStore';
import {
  auditRows,
  copyOf,
  makePristine,
  rehashChain,
  stolenInstallationKey,
  tamper,
  verifyDir,
  writeHead,
  type Pristine,
} from './attackHelpers';
import { removeTempDirs } from './governanceFixtures';

let p: Pristine;
const witness = (head: SignedAuditHead) => ({ source: 'witness.json', head });
beforeAll(() => {
  p = makePristine();
});
afterAll(removeTempDirs);

describe('attacks by someone holding the installation key', () => {
  it('rewrite an event, rehash and re-sign: passes alone, caught by a witness', () => {
    const dir = copyOf(p.dir, 'resign');
    const stolen = stolenInstallationKey();
    tamper(dir, (db) => {
      db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 5").run();
      writeHead(db, rehashChain(db), stolen.key, stolen.publicKeyPem);
    });
    expect(verifyDir(dir).ok).toBe(true);
    expect(verifyDir(dir, { witnesses: [witness(p.head)] }).firstBad).toMatchObject({
      kind: 'checkpoint_mismatch',
      seq: p.head.seq,
      record: `audit_events seq ${p.head.seq}`,
      message: expect.stringMatching(/witness witness.json.*rewritten at or before/),
    });
  });

  it('truncate the tail and re-sign the shorter head: caught by a witness', () => {
    const dir = copyOf(p.dir, 'resign-cut');
    const stolen = stolenInstallationKey();
    const cut = p.head.seq - 2;
    tamper(dir, (db) => {
      db.prepare('DELETE FROM audit_events WHERE seq > ?').run(cut);
      writeHead(db, auditRows(db).at(-1)!, stolen.key, stolen.publicKeyPem);
    });
    // The cut removed the lock's own event, so the state check names the lock even without a witness.
    expect(verifyDir(dir).problems).toContainEqual(expect.objectContaining({ record: `model_locks ${p.modelId}` }));
    // (Opening the store restored the dropped triggers and audited that as the event after the cut.)
    expect(verifyDir(dir, { witnesses: [witness(p.head)] }).firstBad).toMatchObject({
      kind: 'truncated',
      record: expect.stringMatching(/^audit_events seq /),
      message: expect.stringMatching(new RegExp(`witness witness.json vouches for seq ${p.head.seq}`)),
    });
  });
});

describe('rolling the whole data folder back', () => {
  it('an earlier copy verifies on its own, and is caught by a later witness', () => {
    const live = copyOf(p.dir, 'live');
    const backup = copyOf(p.dir, 'backup');
    const store = openStore({ dataDir: live });
    let later: SignedAuditHead;
    try {
      for (let i = 0; i < 3; i++)
        appendAuditEvent(store, { actor: 'qa', action: 'card.export', recordType: 'model', recordId: p.modelId, payload: { i } });
      later = signedAuditHead(store)!;
    } finally {
      store.close();
    }
    // The attacker replaces the live folder with the backup.
    fs.rmSync(live, { recursive: true });
    fs.cpSync(backup, live, { recursive: true });
    expect(verifyDir(live).ok).toBe(true);
    expect(verifyDir(live, { witnesses: [witness(p.head), witness(later)] }).firstBad).toMatchObject({
      kind: 'truncated',
      seq: p.head.seq + 1,
      record: `audit_events seq ${p.head.seq + 1}`,
    });
    expect(path.basename(live)).toMatch(/live/);
  });
});
