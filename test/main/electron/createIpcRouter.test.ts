// Every IPC message goes through one router: wrong frames are refused, payloads checked against the contract.
import { describe, expect, it, vi } from 'vitest';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { AppCallContext } from '../../../src-main/app/AppServices';
import type { SessionCallContext } from '../../../src-main/app/session/SessionCallContext';
import { createIpcRouter, senderIsAppFrame } from '../../../src-main/electron/createIpcRouter';

function handlersWith(info: () => unknown): HandlerTable<AppCallContext> {
  return new Proxy({} as HandlerTable<AppCallContext>, {
    get: (_t, name) =>
      name === 'system.info'
        ? info
        : () => {
            throw new Error(`unexpected channel ${String(name)}`);
          },
  });
}

const appFrame = { senderFrame: { url: 'hilum://app/index.html#/runs', parent: null }, sender: { id: 7 } };

describe('createIpcRouter', () => {
  it("answers the app's top frame through the contract", async () => {
    const info = vi.fn(() => ({ version: '0.1.0', dataDir: '/d', platform: 'linux-x64' }));
    const route = createIpcRouter(handlersWith(info));
    await expect(route(appFrame, 'system.info', {})).resolves.toEqual({
      ok: true,
      value: { version: '0.1.0', dataDir: '/d', platform: 'linux-x64' },
    });
    expect(info).toHaveBeenCalledWith({}, expect.objectContaining({ via: 'electron' }));
    // Each window gets its own session carrier, keyed by its webContents id; the token never leaves main.
    const [, ctx] = info.mock.calls[0] as unknown as [unknown, SessionCallContext];
    ctx.carrier.write('token-of-window-7');
    await route(appFrame, 'system.info', {});
    const [, again] = info.mock.calls[1] as unknown as [unknown, SessionCallContext];
    expect(again.carrier.read()).toBe('token-of-window-7');
    await route({ ...appFrame, sender: { id: 8 } }, 'system.info', {});
    const [, other] = info.mock.calls[2] as unknown as [unknown, SessionCallContext];
    expect(other.carrier.read()).toBeNull();
    ctx.carrier.write(null);
  });

  it('refuses other origins, iframes and destroyed frames without calling the handler', async () => {
    const info = vi.fn();
    const route = createIpcRouter(handlersWith(info));
    for (const event of [
      { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 1 } },
      { senderFrame: { url: 'file:///work/main/out/renderer/index.html', parent: null }, sender: { id: 1 } },
      { senderFrame: { url: 'hilum://app/index.html', parent: {} }, sender: { id: 1 } },
      { senderFrame: null, sender: { id: 1 } },
    ]) {
      expect(senderIsAppFrame(event)).toBe(false);
      const answer = await route(event, 'system.info', {});
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('FORBIDDEN');
    }
    expect(info).not.toHaveBeenCalled();
  });

  it('rejects unknown channels, bad payloads and bad responses as data', async () => {
    const route = createIpcRouter(handlersWith(() => ({ version: 1 })));
    const unknown = await route(appFrame, 'fs.readFile', { path: '/etc/passwd' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const extra = await route(appFrame, 'system.info', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const badResponse = await route(appFrame, 'system.info', {});
    expect(badResponse).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
