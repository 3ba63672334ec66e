/**
 * Shared by the attacker suites: a pristine data folder with a locked model, copies of it, raw
 * tampering with the triggers dropped (what anyone who can write the data folder can do), the
 * chain rehashing an attacker would do, and head signing with a given key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import Database from 'better-sqlite3';
import { auditHashInput, GENESIS_HASH, signedHeadSigningInput, type AuditRow } from '../../../src-core/governance';
import {
  evaluateModelGates,
  fingerprintOf,
  loadGatesFile,
  lockModel,
  recordModelMetrics,
  registerModel,
  signedAuditHead,
  signingKeyFile,
  signModel,
  verifyAuditTrail,
  type SignedAuditHead,
  type VerifyOptions,
} from '../../../src-main/governance';
import { openStore, storeFileName } from '../../../src-main/store/openStore';
import { repoRoot } from '../../helpers/paths';
import { approvedReleasePolicy, createTeam, evaluationFor, makeBundle, passwords, tempDir } from './governanceFixtures';
import { sha256Hex } from '../../../src-main/governance/sha256Hex';

export interface Pristine {
  dir: string;
  bundlePath: string;
  modelId: string;
  userIds: { admin: string; eng: string; qa: string };
  head: SignedAuditHead;
}

/** A data folder with a team, an approved release policy, and one model gated, signed and locked. */
export function makePristine(): Pristine {
  const dir = tempDir('pristine');
  const store = openStore({ dataDir: dir });
  try {
    const team = createTeam(store);
    const spec = loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json'));
    approvedReleasePolicy(store, team, spec);
    const bundle = makeBundle(path.join(tempDir('pristine-bundle'), 'b'), 'pristine');
    const m = registerModel(store, team.eng, { name: 'cxr', version: '1.0.0', ...bundle });
    recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-strong.json', m.bundleHash), 'external');
    evaluateModelGates(store, team.eng, m.id, spec);
    signModel(store, { modelId: m.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
    signModel(store, { modelId: m.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
    lockModel(store, team.qa, m.id);
    return {
      dir,
      bundlePath: bundle.bundlePath,
      modelId: m.id,
      userIds: { admin: team.admin.id, eng: team.eng.id, qa: team.qa.id },
      head: signedAuditHead(store)!,
    };
  } finally {
    store.close();
  }
}

export function copyOf(dir: string, prefix: string): string {
  const out = tempDir(prefix);
  fs.cpSync(dir, out, { recursive: true });
  return out;
}

/** Opens the database file directly, drops every trigger, and runs the attack. */
export function tamper(dir: string, attack: (db: Database.Database) => void): void {
  const db = new Database(path.join(dir, storeFileName));
  try {
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>)
      db.exec(`DROP TRIGGER "${name}"`);
    attack(db);
  } finally {
    db.close();
  }
}

export function auditRows(db: Database.Database): AuditRow[] {
  return db
    .prepare(
      'SELECT seq, at, actor, action, record_type AS recordType, record_id AS recordId, before_hash AS beforeHash, after_hash AS afterHash, payload_json AS payloadJson, prev_hash AS prevHash, hash FROM audit_events ORDER BY seq',
    )
    .all() as AuditRow[];
}

/** What a careful attacker does after an edit: recompute every prev_hash and hash so the chain is consistent again. */
export function rehashChain(db: Database.Database): AuditRow {
  let prev = GENESIS_HASH;
  const update = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?');
  let last: AuditRow | null = null;
  for (const row of auditRows(db)) {
    const hash = sha256Hex(auditHashInput({ ...row, prevHash: prev }));
    update.run(prev, hash, row.seq);
    last = { ...row, prevHash: prev, hash };
    prev = hash;
  }
  return last!;
}

/** Writes a signed head for (seq, hash) signed with `key` (the attacker's own, or a stolen installation key). */
export function writeHead(db: Database.Database, head: { seq: number; hash: string }, key: KeyObject, publicKeyPem: string): void {
  const at = new Date().toISOString();
  const keyFingerprint = fingerprintOf(publicKeyPem);
  const signature = sign(null, Buffer.from(signedHeadSigningInput({ ...head, at, keyFingerprint })), key).toString('base64');
  db.prepare('UPDATE audit_heads SET seq = ?, hash = ?, at = ?, key_fingerprint = ?, public_key_pem = ?, signature = ? WHERE id = 1').run(
    head.seq,
    head.hash,
    at,
    keyFingerprint,
    publicKeyPem,
    signature,
  );
}

/** The installation key as an attacker who stole it would hold it. */
export function stolenInstallationKey(): { key: KeyObject; publicKeyPem: string } {
  const key = createPrivateKey(fs.readFileSync(signingKeyFile(), 'utf8'));
  return { key, publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string };
}

/** `hilum audit verify` as the user runs it: the store opened normally (which restores dropped triggers). */
export function verifyDir(dir: string, options: VerifyOptions = {}) {
  const store = openStore({ dataDir: dir });
  try {
    return verifyAuditTrail(store, options);
  } finally {
    store.close();
  }
}
