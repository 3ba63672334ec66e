// The Electron security choices as pure functions: preferences, navigation, permissions, external links.
import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from '../../../src-main/electron/appProtocol';
import { createNavigationGuards, installNavigationGuards } from '../../../src-main/electron/createNavigationGuards';
import { denyPermissions } from '../../../src-main/electron/denyPermissions';
import { isAllowedExternalUrl } from '../../../src-main/electron/externalLinkPolicy';
import { isSecureWebPreferences, secureWebPreferences } from '../../../src-main/electron/secureWebPreferences';

function preventable() {
  return { preventDefault: vi.fn() };
}

describe('secureWebPreferences', () => {
  it('turns on sandbox, isolation and web security and turns off Node', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(Object.isFrozen(prefs)).toBe(true);
    expect(isSecureWebPreferences({ ...prefs })).toBe(true);
    expect(isSecureWebPreferences({ ...prefs, sandbox: false })).toBe(false);
    expect(isSecureWebPreferences({ ...prefs, nodeIntegration: true })).toBe(false);
    expect(isSecureWebPreferences(undefined)).toBe(false);
  });
});

describe('app origin', () => {
  it('accepts only hilum://app URLs', () => {
    expect(isAppUrl('hilum://app/index.html')).toBe(true);
    expect(isAppUrl('hilum://other/index.html')).toBe(false);
    expect(isAppUrl('file:///work/main/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('navigation guards', () => {
  it('lets in-app navigation through and stops everything else', () => {
    const openExternal = vi.fn();
    const guards = createNavigationGuards(openExternal);
    const inside = preventable();
    guards.onWillNavigate(inside, 'hilum://app/index.html#/runs');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:8080/', 'hilum://elsewhere/']) {
      const event = preventable();
      guards.onWillNavigate(event, url);
      expect(event.preventDefault).toHaveBeenCalledOnce();
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies every window.open; only allow-listed https links go to the system browser', () => {
    const openExternal = vi.fn();
    const guards = createNavigationGuards(openExternal);
    expect(guards.windowOpenHandler({ url: 'https://evil.example/phish' })).toEqual({ action: 'deny' });
    expect(guards.windowOpenHandler({ url: 'hilum://app/index.html' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    expect(guards.windowOpenHandler({ url: 'https://github.com/hilum' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://github.com/hilum');
  });

  it('is installed on a webContents for navigate, redirect, webview and window.open', () => {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const contents = {
      on: (event: string, listener: (...args: unknown[]) => void) => listeners.set(event, listener),
      setWindowOpenHandler: (handler: (d: { url: string }) => { action: 'deny' }) => (openHandler = handler),
    };
    installNavigationGuards(contents as never, createNavigationGuards(vi.fn()));
    expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    const redirect = preventable();
    listeners.get('will-redirect')!(redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = preventable();
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('external links', () => {
  it('allows https on listed hosts only', () => {
    expect(isAllowedExternalUrl('https://github.com/x')).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/x')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/x')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/x')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    denyPermissions(session);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (
      wc: unknown,
      p: string,
      cb: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string) => boolean;
    expect(check({}, 'media')).toBe(false);
    expect((session.setDevicePermissionHandler.mock.calls[0]![0] as () => boolean)()).toBe(false);
  });
});
