// Every channel through createAppHandlers is checked against channelAccess: no session, a locked session,
// a role not listed (a read included, audited), and the signed-in user attributed as audit actor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../src-core/contracts/bridge';
import { channelNames } from '../../../../src-core/contracts/channels';
import { channelAccess, roleMayCall } from '../../../../src-core/contracts/channels/channelAccess';
import { createAppHandlers } from '../../../../src-main/app/createAppHandlers';
import { createAppServices } from '../../../../src-main/app/createAppServices';
import { createFirstAdmin, createUser } from '../../../../src-main/governance/userAccounts';
import { auditEvents } from '../../../../src-main/store/schema';
import { contextAs, memoryCarrier, signedInContext } from './signedInContext';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-guard-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);

beforeAll(() => {
  const admin = createFirstAdmin(services.store(), { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  createUser(services.store(), admin, {
    username: 'rita',
    fullName: 'Rita Radiologist',
    role: 'radiologist',
    password: 'radiologist password 1',
  });
  createUser(services.store(), admin, { username: 'quinn', fullName: 'Quinn QA', role: 'qa', password: 'qa password 12345' });
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('guardChannels', () => {
  it('declares who may call every channel', () => {
    expect(Object.keys(channelAccess).sort()).toEqual([...channelNames].sort());
    expect(channelNames.filter((c) => channelAccess[c] === 'anyone').sort()).toEqual([
      'session.current',
      'session.signIn',
      'session.signOut',
    ]);
    expect(roleMayCall('radiologist', 'audit.events')).toBe(false);
    expect(roleMayCall('qa', 'audit.events')).toBe(true);
  });

  it('refuses every guarded channel without a session, and a transport that carries none is a bug', async () => {
    const ctx = { via: 'devhost' as const, carrier: memoryCarrier() };
    expect(await dispatch(handlers, 'system.info', {}, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect(await dispatch(handlers, 'models.list', {}, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect(await dispatch(handlers, 'session.current', {}, ctx)).toEqual({ ok: true, value: { session: null } });
    expect(await dispatch(handlers, 'system.info', {}, { via: 'electron' as const })).toMatchObject({ ok: false, error: { code: 'BUG' } });
  });

  it('never puts the token in an answer; the carrier holds it', async () => {
    const ctx = { via: 'devhost' as const, carrier: memoryCarrier() };
    const answer = await dispatch(handlers, 'session.signIn', { user: 'quinn', password: 'qa password 12345' }, ctx);
    expect(answer).toMatchObject({ ok: true, value: { username: 'quinn', role: 'qa', locked: false } });
    expect(ctx.carrier.token).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(answer)).not.toContain(ctx.carrier.token);
    expect(await dispatch(handlers, 'audit.events', { limit: 5 }, ctx)).toMatchObject({ ok: true });
    expect(await dispatch(handlers, 'session.signOut', {}, ctx)).toEqual({ ok: true, value: { signedOut: true } });
    expect(ctx.carrier.token).toBeNull();
    expect(await dispatch(handlers, 'audit.events', { limit: 5 }, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it('refuses a radiologist the audit trail (a read), audited as permission.denied by rita', async () => {
    const ctx = await signedInContext(handlers, 'rita', 'radiologist password 1');
    const refused = await dispatch(handlers, 'audit.events', { limit: 5 }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((refused as { error: { message: string } }).error.message).toContain('Rita Radiologist (radiologist) may not use audit.events');
    const last = services.store().db.select().from(auditEvents).all().at(-1)!;
    expect(last).toMatchObject({ actor: 'rita', action: 'permission.denied', recordType: 'channel', recordId: 'audit.events' });
    expect(await dispatch(handlers, 'models.list', {}, ctx)).toMatchObject({ ok: true });
  });

  it('lets a locked session only unlock (with its own password) or sign out', async () => {
    const ctx = await signedInContext(handlers, 'quinn', 'qa password 12345');
    expect(await dispatch(handlers, 'session.lock', {}, ctx)).toMatchObject({ ok: true, value: { locked: true } });
    expect(await dispatch(handlers, 'models.list', {}, ctx)).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await dispatch(handlers, 'session.current', {}, ctx)).toMatchObject({
      ok: true,
      value: { session: { username: 'quinn', locked: true } },
    });
    expect(await dispatch(handlers, 'session.unlock', { password: 'radiologist password 1' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'AUTH_FAILED' },
    });
    expect(await dispatch(handlers, 'session.unlock', { password: 'qa password 12345' }, ctx)).toMatchObject({
      ok: true,
      value: { locked: false },
    });
    expect(await dispatch(handlers, 'models.list', {}, ctx)).toMatchObject({ ok: true });
  });

  it('gives other handler tests a signed-in context of a role in one line (contextAs)', async () => {
    const ctx = await contextAs(services, handlers, 'engineer');
    expect(await dispatch(handlers, 'session.current', {}, ctx)).toMatchObject({
      ok: true,
      value: { session: { username: 'test-engineer', role: 'engineer' } },
    });
    expect(await dispatch(handlers, 'audit.events', { limit: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const again = await contextAs(services, handlers, 'engineer');
    expect(again.carrier.read()).not.toBe(ctx.carrier.read());
  });
});
