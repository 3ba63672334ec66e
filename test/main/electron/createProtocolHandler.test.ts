// hilum://app serves the built renderer with the CSP header, and nothing outside its folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProtocolHandler } from '../../../src-main/electron/createProtocolHandler';

describe('createProtocolHandler', () => {
  let dir: string;
  let handler: ReturnType<typeof createProtocolHandler>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-protocol-'));
    fs.mkdirSync(path.join(dir, 'renderer/assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'renderer/index.html'), '<!doctype html><p>app</p>');
    fs.writeFileSync(path.join(dir, 'renderer/assets/a.js'), 'export {}');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    handler = createProtocolHandler(path.join(dir, 'renderer'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves files with the CSP and content type', async () => {
    const page = await handler(new Request('hilum://app/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<p>app</p>');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/(^|\s)'unsafe-eval'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await handler(new Request('hilum://app/assets/a.js'));
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });

  it('refuses traversal, other hosts and writes', async () => {
    expect((await handler(new Request('hilum://app/%2e%2e/secret.txt'))).status).toBe(404);
    expect((await handler(new Request('hilum://app/..%2fsecret.txt'))).status).toBe(404);
    expect((await handler(new Request('hilum://other/index.html'))).status).toBe(404);
    expect((await handler(new Request('hilum://app/missing.js'))).status).toBe(404);
    expect((await handler(new Request('hilum://app/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
