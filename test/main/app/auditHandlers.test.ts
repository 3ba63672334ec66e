// audit.* through dispatch over a real store with events appended by the governance audit trail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-core/contracts/bridge';
import { createAppHandlers } from '../../../src-main/app/createAppHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { appendAuditEvent } from '../../../src-main/governance/auditTrail';
import { auditEvents } from '../../../src-main/store/schema';
import type { SessionCallContext } from '../../../src-main/app/session/SessionCallContext';
import { createFirstAdmin, createUser, type User } from '../../../src-main/governance/userAccounts';
import { registerModel } from '../../../src-main/governance/modelRegistry';
import { signedInContext } from './session/signedInContext';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-audit-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
let ctx: SessionCallContext;
let admin: User;

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(async () => {
  const store = services.store();
  admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  createUser(store, admin, { username: 'quinn', fullName: 'Quinn QA', role: 'qa', password: 'qa password 12345' });
  ctx = await signedInContext(handlers, 'quinn', 'qa password 12345');
  firstSeq = store.db.select().from(auditEvents).all().length;
  appendAuditEvent(store, { actor: 'alice', action: 'model.register', recordType: 'model', recordId: 'm1', payload: { name: 'first' } });
  appendAuditEvent(store, { actor: 'bob', action: 'model.sign', recordType: 'model', recordId: 'm1', payload: { meaning: 'review' } });
  appendAuditEvent(store, { actor: 'alice', action: 'model.lock', recordType: 'model', recordId: 'm1' });
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Events = {
  total: number;
  events: Array<{ seq: number; actor: string; action: string; subject: string; details: Record<string, unknown> }>;
};
let firstSeq = 0;

describe('audit channels', () => {
  it('lists events newest first with partial-match filters, the total count and paging', async () => {
    const [a, b, c] = [firstSeq + 1, firstSeq + 2, firstSeq + 3];
    const all = await call<Events>('audit.events', { limit: 3 });
    expect(all.events.map((e) => e.seq)).toEqual([c, b, a]);
    expect(all.total).toBe(firstSeq + 3);
    expect(all.events[2]).toMatchObject({ actor: 'alice', action: 'model.register', subject: 'model:m1', details: { name: 'first' } });
    const alice = await call<Events>('audit.events', { limit: 10, actor: 'ALI' });
    expect(alice.events.map((e) => e.seq)).toEqual([c, a]);
    expect(alice.total).toBe(2);
    expect((await call<Events>('audit.events', { limit: 10, action: 'SIGN', subject: 'model:' })).events.map((e) => e.actor)).toEqual([
      'bob',
    ]);
    expect((await call<Events>('audit.events', { limit: 10, subject: 'model:m' })).total).toBe(3);
    // `%` and `_` are literal characters, not wildcards.
    expect((await call<Events>('audit.events', { limit: 10, action: 'model_' })).total).toBe(0);
    expect((await call<Events>('audit.events', { limit: 1, beforeSeq: c })).events.map((e) => e.seq)).toEqual([b]);
    const page2 = await call<Events>('audit.events', { limit: 2, offset: 2, actor: 'o' });
    expect(page2.total).toBeGreaterThan(2);
    expect(page2.events[0]!.seq).toBeLessThan((await call<Events>('audit.events', { limit: 2, actor: 'o' })).events[1]!.seq);
  });

  it('filters by dates (a bare end date includes its whole day) and refuses an invalid date with a sentence', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await call<Events>('audit.events', { limit: 10, since: '2999-01-01' })).events).toEqual([]);
    expect((await call<Events>('audit.events', { limit: 10, since: today, until: today, actor: 'alice' })).total).toBe(2);
    expect((await call<Events>('audit.events', { limit: 10, until: '2000-01-01T00:00' })).total).toBe(0);
    for (const bad of ['2026-02-30', 'yesterday', '2026-13-01', '03/01/2026']) {
      const answer = await dispatch(handlers, 'audit.events', { limit: 10, since: bad }, ctx);
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { field: 'since', value: bad } } });
      expect((answer as { error: { message: string } }).error.message).toContain('is not a valid start date');
    }
  });

  it('verifies the chain', async () => {
    const result = await call<{ ok: boolean; checked: number; firstBrokenSeq: number | null; signedHead: { seq: number } | null }>(
      'audit.verify',
      {},
    );
    expect(result).toMatchObject({ ok: true, firstBrokenSeq: null, signedHead: { seq: result.checked } });
    expect(result.checked).toBeGreaterThanOrEqual(firstSeq + 3);
  });

  it('exports the whole trail as CSV for download', async () => {
    const exported = await call<{ fileName: string; events: number; csv: string }>('audit.export', {});
    expect(exported.fileName).toMatch(/^audit-trail-.*\.csv$/);
    expect(exported.csv).toMatch(/^seq,at,actor,action/);
    // One row per event, each starting with its sequence number (quoted fields may span lines).
    expect(exported.csv.match(/^\d+,/gm)).toHaveLength(exported.events);
    // Every event before the export's own audit row.
    expect(exported.events).toBe((await call<Events>('audit.events', { limit: 1 })).total - 1);
    expect(exported.csv).toContain('model.lock');
    // The export is audited with the signed-in user as actor.
    expect((await call<Events>('audit.events', { limit: 1 })).events[0]).toMatchObject({
      actor: 'quinn',
      action: 'audit.export',
      details: { events: exported.events },
    });
  });

  it('filters to one model: its record and the events whose payload names the model or its bundle', async () => {
    const store = services.store();
    const engineer = createUser(store, admin, {
      username: 'erin',
      fullName: 'Erin Engineer',
      role: 'engineer',
      password: 'engineer pass 123',
    });
    const hash = 'ab'.repeat(32);
    const model = registerModel(store, engineer, { name: 'audit-filter', version: '1.0.0', bundlePath: dataDir, bundleHash: hash });
    const about = { recordType: 'signature', recordId: 's1' };
    appendAuditEvent(store, { actor: 'quinn', action: 'sign.approved', ...about, payload: { modelId: model.id } });
    appendAuditEvent(store, {
      actor: 'erin',
      action: 'gate.passed',
      recordType: 'gate_evaluation',
      recordId: 'g1',
      payload: { bundleHash: hash },
    });
    appendAuditEvent(store, { actor: 'erin', action: 'bundle.create', recordType: 'bundle', recordId: hash });
    // Another model's events, and one that only mentions the id inside another field, are not about this model.
    appendAuditEvent(store, { actor: 'quinn', action: 'sign.approved', ...about, payload: { modelId: 'other', note: model.id } });
    appendAuditEvent(store, {
      actor: 'erin',
      action: 'gate.passed',
      recordType: 'gate_evaluation',
      recordId: 'g2',
      payload: { bundleHash: 'cd'.repeat(32) },
    });
    const trail = await call<Events>('audit.events', { limit: 50, model: model.id });
    expect(trail.events.map((e) => e.action)).toEqual(['bundle.create', 'gate.passed', 'sign.approved', 'model.register']);
    expect(trail.total).toBe(4);
    await expect(call<Events>('audit.events', { limit: 5, model: 'no-such-model' })).rejects.toThrow(/NOT_FOUND/);
  });

  it('rejects a limit outside the contract', async () => {
    expect(await dispatch(handlers, 'audit.events', { limit: 0 }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
