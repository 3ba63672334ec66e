// The dev host: loopback only, a token on every API request, Host/Origin checks, the contract validated.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { AppCallContext } from '../../../src-main/app/AppServices';
import { startDevHost, type DevHost } from '../../../src-main/devhost/startDevHost';

const handlers = new Proxy({} as HandlerTable<AppCallContext>, {
  get: (_t, name) => (name === 'system.info' ? (_req: unknown, ctx: AppCallContext) => ({ version: '0.1.0', dataDir: ctx.via, platform: 'test' }) : () => {
    throw new Error('not in this test');
  }),
});

function request(host: DevHost, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('startDevHost', () => {
  let host: DevHost;
  let rendererDir: string;
  const api = (headers: Record<string, string>, body = '{}', channel = 'system.info') => request(host, { method: 'POST', path: `/api/${channel}`, headers: { 'content-type': 'application/json', ...headers }, body });

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
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // a machine with loopback only has nothing else to try
    await expect(new Promise((resolve, reject) => {
      const req = http.request({ host: external.address, port: host.port, path: '/' }, resolve);
      req.on('error', reject);
      req.end();
    })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers the contract with the right token', async () => {
    const res = await api({ 'x-hilum-token': host.token });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { version: '0.1.0', dataDir: 'devhost', platform: 'test' } });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a missing or wrong token', async () => {
    expect((await api({})).status).toBe(401);
    expect((await api({ 'x-hilum-token': 'f'.repeat(64) })).status).toBe(401);
    expect((await api({ 'x-hilum-token': host.token.slice(1) })).status).toBe(401);
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
