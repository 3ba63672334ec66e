// The renderer's transport: the dev-host token comes from the URL fragment, leaves the address bar, and is
// traded once for an HttpOnly cookie; under Electron the preload bridge is used instead.
// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

function fakeWindow(hash: string, bridge?: unknown) {
  const location = { hash, pathname: '/', search: '' };
  const replaceState = vi.fn((_s: unknown, _t: string, url: string) => (location.hash = url.slice(url.indexOf('#'))));
  vi.stubGlobal('window', { location, ...(bridge ? { hilum: bridge } : {}) });
  vi.stubGlobal('history', { replaceState });
  return { location, replaceState };
}

describe('transport', () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it('trades the fragment token once for the admission cookie, and sends no secret with later calls', async () => {
    const token = 'ab'.repeat(32);
    const { location } = fakeWindow(`#token=${token}`);
    const fetch = vi.fn(async (url: string) =>
      url === '/auth/admit'
        ? new Response(null, { status: 204 })
        : new Response(JSON.stringify({ ok: true, value: { version: '1', dataDir: 'd', platform: 'p' } })),
    );
    vi.stubGlobal('fetch', fetch);
    const { admitFromFragment, createTransport } = await import('../../src-renderer/lib/transport');
    await admitFromFragment();
    expect(location.hash).toBe('#/');
    const [admitUrl, admitInit] = fetch.mock.calls[0]! as unknown as [string, RequestInit];
    expect(admitUrl).toBe('/auth/admit');
    expect((admitInit.headers as Record<string, string>)['x-hilum-token']).toBe(token);
    const answer = await createTransport()('system.info', {});
    expect(answer).toEqual({ ok: true, value: { version: '1', dataDir: 'd', platform: 'p' } });
    const [url, init] = fetch.mock.calls[1]! as unknown as [string, RequestInit];
    expect(url).toBe('/api/system.info');
    expect(JSON.stringify(init)).not.toContain(token);
    expect(init.credentials).toBe('same-origin');
  });

  it('says in words that a window not opened from the printed address is refused, and reports session errors', async () => {
    fakeWindow('#/runs');
    const fetch = vi.fn(async (url: string) =>
      url.endsWith('system.info')
        ? new Response('missing or wrong token', { status: 401 })
        : new Response(
            JSON.stringify({ ok: false, error: { name: 'HilumError', code: 'SESSION_LOCKED', message: 'locked', details: {} } }),
          ),
    );
    vi.stubGlobal('fetch', fetch);
    const { admitFromFragment, createTransport, listenForSessionErrors } = await import('../../src-renderer/lib/transport');
    await admitFromFragment();
    const answer = await createTransport()('system.info', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('hilum app serve') } });
    const heard: string[] = [];
    listenForSessionErrors((code) => heard.push(code));
    await createTransport()('models.list', {});
    expect(heard).toEqual(['SESSION_LOCKED']);
  });

  it('uses the preload bridge under Electron', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
    fakeWindow('', { invoke });
    const { createTransport } = await import('../../src-renderer/lib/transport');
    await createTransport()('system.info', {});
    expect(invoke).toHaveBeenCalledWith('system.info', {});
  });
});
