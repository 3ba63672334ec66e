// The renderer's transport: the dev-host token comes from the URL fragment, leaves the address bar, and
// goes in a header on every call; under Electron the preload bridge is used instead.
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

  it('takes the token from the fragment and sends it as a header', async () => {
    const token = 'ab'.repeat(32);
    const { location } = fakeWindow(`#token=${token}`);
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: { version: '1', dataDir: 'd', platform: 'p' } })));
    vi.stubGlobal('fetch', fetch);
    const { takeTokenFromFragment, createTransport } = await import('../../src-renderer/lib/transport');
    takeTokenFromFragment();
    expect(location.hash).toBe('#/datasets');
    const answer = await createTransport()('system.info', {});
    expect(answer).toEqual({ ok: true, value: { version: '1', dataDir: 'd', platform: 'p' } });
    const [url, init] = fetch.mock.calls[0]! as unknown as [string, RequestInit];
    expect(url).toBe('/api/system.info');
    expect((init.headers as Record<string, string>)['x-hilum-token']).toBe(token);
  });

  it('without a token it answers FORBIDDEN and sends nothing', async () => {
    fakeWindow('#/runs');
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const { takeTokenFromFragment, createTransport } = await import('../../src-renderer/lib/transport');
    takeTokenFromFragment();
    const answer = await createTransport()('system.info', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('uses the preload bridge under Electron', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
    fakeWindow('', { invoke });
    const { createTransport } = await import('../../src-renderer/lib/transport');
    await createTransport()('system.info', {});
    expect(invoke).toHaveBeenCalledWith('system.info', {});
  });
});
