// The dev host: loopback only, a token on every API request, Host/Origin checks, the contract validated.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { SessionCallContext } from '../../../src-main/app/session/SessionCallContext';
import { startDevHost, type DevHost } from '../../../src-main/devhost/startDevHost';

// system.info answers which transport and which session token it saw; session.signIn/signOut write the carrier.
const fakeToken = 'a1'.repeat(32);
const handlers = new Proxy({} as HandlerTable<SessionCallContext>, {
  get: (_t, name) => {
    if (name === 'system.info')
      return (_req: unknown, ctx: SessionCallContext) => ({
        version: '0.1.0',
        dataDir: ctx.via,
        platform: ctx.carrier.read() ?? 'no session',
      });
    if (name === 'session.signIn')
      return (_req: unknown, ctx: SessionCallContext) => (
        ctx.carrier.write(fakeToken),
        { username: 'quinn', fullName: 'Quinn QA', role: 'qa', signedInAt: '2026-01-01T00:00:00.000Z', locked: false, idleLockMs: 1000 }
      );
    if (name === 'session.signOut') return (_req: unknown, ctx: SessionCallContext) => (ctx.carrier.write(null), { signedOut: true });
    return () => {
      throw new Error('not in this test');
    };
  },
});

function request(
  host: DevHost,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('startDevHost', () => {
  let host: DevHost;
  let rendererDir: string;
  const api = (headers: Record<string, string>, body = '{}', channel = 'system.info') =>
    request(host, { method: 'POST', path: `/api/${channel}`, headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-devhost-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><p>ui</p>');
    fs.writeFileSync(path.join(os.tmpdir(), 'hilum-devhost-outside.txt'), 'outside');
    host = await startDevHost({ handlers, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    fs.rmSync(rendererDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only, and puts the token in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is not reachable on other interfaces', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // a machine with loopback only has nothing else to try
    await expect(
      new Promise((resolve, reject) => {
        const req = http.request({ host: external.address, port: host.port, path: '/' }, resolve);
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers the contract with the right token', async () => {
    const res = await api({ 'x-hilum-token': host.token });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { version: '0.1.0', dataDir: 'devhost', platform: 'no session' } });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a missing or wrong token', async () => {
    expect((await api({})).status).toBe(401);
    expect((await api({ 'x-hilum-token': 'f'.repeat(64) })).status).toBe(401);
    expect((await api({ 'x-hilum-token': host.token.slice(1) })).status).toBe(401);
  });

  it('trades the fragment token for an HttpOnly SameSite=Strict cookie that admits later calls (a reload)', async () => {
    expect((await request(host, { method: 'POST', path: '/auth/admit' })).status).toBe(401);
    expect(
      (
        await request(host, {
          method: 'POST',
          path: '/auth/admit',
          headers: { 'x-hilum-token': host.token, origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403);
    const admit = await request(host, { method: 'POST', path: '/auth/admit', headers: { 'x-hilum-token': host.token } });
    expect(admit.status).toBe(204);
    const cookie = admit.headers['set-cookie']![0]!;
    expect(cookie).toBe(`hilum_admit_${host.port}=${host.token}; Path=/; HttpOnly; SameSite=Strict`);
    const admitted = `hilum_admit_${host.port}=${host.token}`;
    expect((await api({ cookie: admitted })).status).toBe(200);
    expect((await api({ cookie: `hilum_admit_${host.port}=${'f'.repeat(64)}` })).status).toBe(401);
    expect((await api({ cookie: `hilum_admit_1=${host.token}` })).status).toBe(401);
  });

  it('keeps the sign-in session in its own HttpOnly cookie, never in the answer, and clears it on sign-out', async () => {
    const admitted = `hilum_admit_${host.port}=${host.token}`;
    const signIn = await api({ cookie: admitted }, '{"user":"quinn","password":"x"}', 'session.signIn');
    expect(signIn.body).not.toContain(fakeToken);
    const sessionCookie = signIn.headers['set-cookie']![0]!;
    expect(sessionCookie).toBe(`hilum_session_${host.port}=${fakeToken}; Path=/api/; HttpOnly; SameSite=Strict`);
    const withSession = await api({ cookie: `${admitted}; hilum_session_${host.port}=${fakeToken}` });
    expect(JSON.parse(withSession.body)).toMatchObject({ ok: true, value: { platform: fakeToken } });
    const signOut = await api({ cookie: `${admitted}; hilum_session_${host.port}=${fakeToken}` }, '{}', 'session.signOut');
    expect(signOut.headers['set-cookie']![0]).toBe(`hilum_session_${host.port}=; Path=/api/; HttpOnly; SameSite=Strict; Max-Age=0`);
  });

  it('refuses foreign Host and Origin headers (DNS rebinding, cross-site pages)', async () => {
    expect((await api({ 'x-hilum-token': host.token, host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await api({ 'x-hilum-token': host.token, origin: 'https://evil.example' })).status).toBe(403);
    expect((await request(host, { path: '/', headers: { host: 'localhost.evil.example' } })).status).toBe(403);
  });

  it('validates channels and payloads through dispatch', async () => {
    const unknown = JSON.parse((await api({ 'x-hilum-token': host.token }, '{}', 'fs.read')).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const extra = JSON.parse((await api({ 'x-hilum-token': host.token }, '{"path":"/etc/passwd"}')).body);
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((await api({ 'x-hilum-token': host.token }, '{not json')).status).toBe(400);
    expect((await request(host, { method: 'GET', path: '/api/system.info', headers: { 'x-hilum-token': host.token } })).status).toBe(405);
    expect((await api({ 'x-hilum-token': host.token, 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('serves the renderer and nothing outside it', async () => {
    const page = await request(host, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<p>ui</p>');
    expect(page.headers['content-security-policy']).toContain("object-src 'none'");
    expect((await request(host, { path: '/../hilum-devhost-outside.txt' })).status).toBe(404);
    expect((await request(host, { path: '/%2e%2e/hilum-devhost-outside.txt' })).status).toBe(404);
    expect((await request(host, { path: '/missing.js' })).status).toBe(404);
  });
});
