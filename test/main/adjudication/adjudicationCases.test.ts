// Routing readings to adjudication, on a real store: agreement opens nothing; a contradiction of another reader
// opens a reader case (and of the model, a model case); "uncertain" and an abstaining model contradict nothing;
// the case's own readers cannot resolve it, a third radiologist can, and the audit chain stays intact.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listCases, routeReading } from '../../../src-main/adjudication/adjudicationCases';
import { finalReadingOf } from '../../../src-main/adjudication/finalReadingOf';
import { listAdjudications } from '../../../src-main/adjudication/listAdjudications';
import { recordAdjudication } from '../../../src-main/adjudication/recordAdjudication';
import { createFirstAdmin, createUser, verifyAuditTrail } from '../../../src-main/governance';
import { openStore, type Store } from '../../../src-main/store/openStore';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const readers = { ann: 'Reader-one-123', ben: 'Reader-two-123', cal: 'Reader-three-123' } as const;

function setup(): Store {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-cases-'));
  dirs.push(dir);
  const store = openStore({ dataDir: dir });
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Rae Root', password: 'Rae-pass-001' });
  for (const [username, password] of Object.entries(readers))
    createUser(store, admin, { username, fullName: `Dr ${username}`, role: 'radiologist', password });
  return store;
}

const model = { Effusion: 'positive', Edema: 'negative', Pneumothorax: 'abstain' };

function read(store: Store, who: keyof typeof readers, labels: Record<string, string>) {
  const reading = recordAdjudication(store, {
    studyId: 'study-1',
    inputSha256: 'a'.repeat(64),
    bundleHash: 'b'.repeat(64),
    labelNames: Object.keys(model),
    username: who,
    password: readers[who],
    labels,
    comment: '',
  });
  return { reading, routed: routeReading(store, reading, model) };
}

describe('routeReading', () => {
  it('opens nothing for agreement, "uncertain", or a label the model abstained on', () => {
    const store = setup();
    expect(read(store, 'ann', { Effusion: 'positive', Edema: 'uncertain', Pneumothorax: 'positive' }).routed).toBeNull();
    expect(listCases(store)).toEqual([]);
  });

  it('opens a model case for a contradicted decision, naming the label and both sides', () => {
    const store = setup();
    const { routed } = read(store, 'ann', { Effusion: 'negative' });
    expect(routed).toMatchObject({
      reason: 'model',
      status: 'open',
      disagreements: [{ label: 'Effusion', first: 'positive', firstFrom: 'model', second: 'negative', secondFrom: 'ann' }],
    });
  });

  it('opens a reader case when a second reader contradicts the first; only a third radiologist resolves it, and that reading is final', () => {
    const store = setup();
    read(store, 'ann', { Effusion: 'positive', Edema: 'negative' });
    const second = read(store, 'ben', { Effusion: 'positive', Edema: 'positive' });
    expect(second.routed).toMatchObject({
      reason: 'reader',
      status: 'open',
      disagreements: [{ label: 'Edema', firstFrom: 'ann', secondFrom: 'ben' }],
    });
    // One of the disagreeing readers reading again joins the open case; it stays open.
    expect(read(store, 'ben', { Edema: 'negative' }).routed).toMatchObject({ caseId: second.routed!.caseId, status: 'open' });
    const third = read(store, 'cal', { Effusion: 'positive', Edema: 'negative' });
    expect(third.routed).toMatchObject({
      caseId: second.routed!.caseId,
      status: 'resolved',
      resolvedBy: 'cal',
      finalLabelSetId: third.reading.id,
    });
    const readings = listAdjudications(store);
    expect(finalReadingOf(readings, listCases(store)[0]!, false)).toMatchObject({ state: 'adjudicated', final: { id: third.reading.id } });
    expect(verifyAuditTrail(store).ok).toBe(true);
  });
});
