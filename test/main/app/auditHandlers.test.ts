// audit.* through dispatch over a real store with events appended by the governance audit trail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-core/contracts/bridge';
import { createAppHandlers } from '../../../src-main/app/createAppHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { appendAuditEvent } from '../../../src-main/governance/auditTrail';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-audit-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
const ctx = { via: 'devhost' as const };

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(() => {
  const store = services.store();
  appendAuditEvent(store, { actor: 'alice', action: 'model.register', recordType: 'model', recordId: 'm1', payload: { name: 'first' } });
  appendAuditEvent(store, { actor: 'bob', action: 'model.sign', recordType: 'model', recordId: 'm1', payload: { meaning: 'review' } });
  appendAuditEvent(store, { actor: 'alice', action: 'model.lock', recordType: 'model', recordId: 'm1' });
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Events = { events: Array<{ seq: number; actor: string; action: string; subject: string; details: Record<string, unknown> }> };

describe('audit channels', () => {
  it('lists events newest first with filters and paging', async () => {
    const all = await call<Events>('audit.events', { limit: 10 });
    expect(all.events.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(all.events[2]).toMatchObject({ actor: 'alice', action: 'model.register', subject: 'model:m1', details: { name: 'first' } });
    expect((await call<Events>('audit.events', { limit: 10, actor: 'alice' })).events.map((e) => e.seq)).toEqual([3, 1]);
    expect((await call<Events>('audit.events', { limit: 10, action: 'model.sign' })).events.map((e) => e.actor)).toEqual(['bob']);
    expect((await call<Events>('audit.events', { limit: 1, beforeSeq: 3 })).events.map((e) => e.seq)).toEqual([2]);
    expect((await call<Events>('audit.events', { limit: 10, since: '2999-01-01' })).events).toEqual([]);
  });

  it('verifies the chain', async () => {
    const result = await call<{ ok: boolean; checked: number; firstBrokenSeq: number | null }>('audit.verify', {});
    expect(result).toMatchObject({ ok: true, checked: 3, firstBrokenSeq: null });
  });

  it('rejects a limit outside the contract', async () => {
    expect(await dispatch(handlers, 'audit.events', { limit: 0 }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
