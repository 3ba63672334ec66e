import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listAdjudications } from '../../../src-main/adjudication/listAdjudications';
import { recordAdjudication, type AdjudicationInput } from '../../../src-main/adjudication/recordAdjudication';
import { createFirstAdmin, createUser, verifyAuditTrail } from '../../../src-main/governance';
import { hashCanonical } from '../../../src-main/governance/sha256Hex';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { expertLabelSets } from '../../../src-main/store/schema';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function setup(): Store {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-adjudication-'));
  dirs.push(dir);
  const store = openStore({ dataDir: dir });
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Rae Root', password: 'Rae-pass-001' });
  createUser(store, admin, { username: 'rad', fullName: 'Dr Rita Radiologist', role: 'radiologist', password: 'Rita-pass-12' });
  createUser(store, admin, { username: 'eng', fullName: 'Erin Engineer', role: 'engineer', password: 'Erin-pass-12' });
  return store;
}

const sha = (c: string) => c.repeat(64);
const base = (over: Partial<AdjudicationInput> = {}): AdjudicationInput => ({
  studyId: 'study-1',
  inputSha256: sha('a'),
  bundleHash: sha('b'),
  labelNames: ['Effusion', 'Edema', 'Pneumothorax'],
  username: 'rad',
  password: 'Rita-pass-12',
  labels: { Pneumothorax: 'uncertain', Effusion: 'positive' },
  comment: 'small left effusion',
  ...over,
});

const auditRows = (store: Store) =>
  store.sqlite
    .prepare(
      'SELECT actor, action, record_type AS recordType, record_id AS recordId, after_hash AS afterHash, payload_json AS payloadJson FROM audit_events ORDER BY seq',
    )
    .all() as Array<{ actor: string; action: string; recordType: string; recordId: string; afterHash: string | null; payloadJson: string }>;

describe('recordAdjudication', () => {
  it('stores the reading bound to image and bundle, with the reader, and audits it in the chain', () => {
    const store = setup();
    try {
      const saved = recordAdjudication(store, base());
      expect(saved).toMatchObject({
        studyId: 'study-1',
        inputSha256: sha('a'),
        bundleHash: sha('b'),
        comment: 'small left effusion',
        reader: { username: 'rad', printedName: 'Dr Rita Radiologist', role: 'radiologist' },
        labels: { Effusion: 'positive', Pneumothorax: 'uncertain' },
      });
      expect(Number.isNaN(Date.parse(saved.adjudicatedAt))).toBe(false);
      expect(listAdjudications(store)).toEqual([saved]);
      expect(listAdjudications(store, { inputSha256: sha('a') })).toEqual([saved]);
      expect(listAdjudications(store, { inputSha256: sha('c') })).toEqual([]);

      const row = store.sqlite.prepare('SELECT * FROM expert_label_sets WHERE id = ?').get(saved.id) as Record<string, unknown>;
      expect(row.labels_json).toBe('{"Effusion":"positive","Pneumothorax":"uncertain"}');
      const event = auditRows(store).at(-1)!;
      expect(event).toMatchObject({ actor: 'rad', action: 'adjudication.record', recordType: 'expert_label_set', recordId: saved.id });
      // The audit hash covers exactly the stored row (camelCase, as drizzle returns it).
      const stored = store.db.select().from(expertLabelSets).get();
      expect(event.afterHash).toBe(hashCanonical(stored));
      expect(JSON.parse(event.payloadJson)).toMatchObject({
        studyId: 'study-1',
        bundleHash: sha('b'),
        labels: { Effusion: 'positive', Pneumothorax: 'uncertain' },
      });
      expect(verifyAuditTrail(store).ok).toBe(true);

      // An admin may stand in as the reader; a second reading is a second row, not an overwrite.
      recordAdjudication(store, base({ username: 'root', password: 'Rae-pass-001', labels: { Edema: 'negative' } }));
      expect(listAdjudications(store)).toHaveLength(2);
    } finally {
      store.close();
    }
  });

  it('refuses a reader whose role may not adjudicate, auditing the denial and storing nothing', () => {
    const store = setup();
    try {
      expect(() => recordAdjudication(store, base({ username: 'eng', password: 'Erin-pass-12' }))).toThrowError(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      expect(auditRows(store).at(-1)).toMatchObject({ actor: 'eng', action: 'permission.denied', recordId: 'adjudicate' });
      expect(() => recordAdjudication(store, base({ password: 'wrong-pass-1' }))).toThrowError(
        expect.objectContaining({ code: 'AUTH_FAILED' }),
      );
      expect(listAdjudications(store)).toEqual([]);
      expect(auditRows(store).some((e) => e.action === 'adjudication.record')).toBe(false);
    } finally {
      store.close();
    }
  });

  it('refuses a label the bundle does not have, an unknown state, an empty reading or a malformed hash', () => {
    const store = setup();
    try {
      const refused = (over: Partial<AdjudicationInput>, text: string) =>
        expect(() => recordAdjudication(store, base(over))).toThrowError(
          expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(text) }),
        );
      refused({ labels: { Effusion: 'positive', Cardiomegaly: 'negative' } }, 'label "Cardiomegaly" is not one of the bundle\'s labels');
      refused({ labels: { Effusion: 'maybe' } }, 'state "maybe"');
      refused({ labels: {} }, 'sets no label');
      refused({ bundleHash: 'abc' }, 'bundleHash');
      expect(listAdjudications(store)).toEqual([]);
      expect(auditRows(store).some((e) => e.action === 'adjudication.record')).toBe(false);
    } finally {
      store.close();
    }
  });
});
