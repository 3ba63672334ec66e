// Electron main with the Electron API mocked: protocol, permissions, guards on every webContents, one IPC
// handler that validates the sender, and windows created only with the secure preferences.
import { beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const windows: Array<{ options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }> = [];
  return {
    appListeners,
    windows,
    app: {
      on: vi.fn((event: string, listener: (...args: unknown[]) => void) => appListeners.set(event, listener)),
      whenReady: vi.fn(() => Promise.resolve()),
      enableSandbox: vi.fn(),
      getPath: vi.fn(() => '/tmp/hilum-electron-test-user-data'),
      getVersion: vi.fn(() => '9.9.9'),
      quit: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onBeforeRequest: vi.fn() },
      },
    },
    ipcMain: { handle: vi.fn(), on: vi.fn() },
    shell: { openExternal: vi.fn() },
    utilityProcess: { fork: vi.fn() },
    // No keystore here (as on a Linux box without a keyring): main must fall back to the headless key file.
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => false),
      getSelectedStorageBackend: vi.fn(() => 'basic_text'),
      encryptString: vi.fn(),
      decryptString: vi.fn(),
    },
    BrowserWindow: vi.fn(function (this: Record<string, unknown>, options: Record<string, unknown>) {
      const window = { options, loadURL: vi.fn(() => Promise.resolve()), once: vi.fn() };
      windows.push(window);
      return window;
    }),
  };
});

vi.mock('electron', () => ({ default: electron, ...electron }));

// Vitest clears mock call logs before each test, so the start-up calls are copied once here.
const seen = {} as Record<
  'register' | 'handle' | 'sandbox' | 'permission' | 'webRequest' | 'ipcHandle' | 'ipcOn' | 'keystore',
  unknown[][]
>;

describe('Electron main (mocked Electron)', () => {
  beforeAll(async () => {
    await import('../../../src-main/electron/main');
    await new Promise((resolve) => setTimeout(resolve, 0));
    seen.register = [...electron.protocol.registerSchemesAsPrivileged.mock.calls];
    seen.handle = [...electron.protocol.handle.mock.calls];
    seen.sandbox = [...electron.app.enableSandbox.mock.calls];
    seen.permission = [...electron.session.defaultSession.setPermissionRequestHandler.mock.calls];
    seen.webRequest = [...electron.session.defaultSession.webRequest.onBeforeRequest.mock.calls];
    seen.ipcHandle = [...electron.ipcMain.handle.mock.calls];
    seen.ipcOn = [...electron.ipcMain.on.mock.calls];
    seen.keystore = [...electron.safeStorage.isEncryptionAvailable.mock.calls];
    for (const window of electron.windows) (window as { loadCalls?: unknown[][] }).loadCalls = [...window.loadURL.mock.calls];
  });

  it('registers hilum:// as a secure standard scheme and serves the app through it', () => {
    expect(seen.register).toEqual([
      [
        [
          expect.objectContaining({
            scheme: 'hilum',
            privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }),
          }),
        ],
      ],
    ]);
    expect(seen.handle).toEqual([['hilum', expect.any(Function)]]);
    expect(seen.sandbox).toHaveLength(1);
  });

  it('asks the OS keystore for the audit signing key before the store opens', () => {
    expect(seen.keystore.length).toBeGreaterThan(0);
  });

  it('denies permissions on the default session', () => {
    const handler = seen.permission[0]![0] as (wc: unknown, p: string, cb: (g: boolean) => void) => void;
    const callback = vi.fn();
    handler({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('cancels every network request of the session', () => {
    const [filter, listener] = seen.webRequest[0]! as [
      { urls: string[] },
      (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void,
    ];
    expect(filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const callback = vi.fn();
    listener({ url: 'https://tracker.example/pixel.gif' }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel: true });
  });

  it('creates the window with the secure preferences and loads the app protocol, not file://', () => {
    expect(electron.windows).toHaveLength(1);
    const window = electron.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect((window as { loadCalls?: unknown[][] }).loadCalls).toEqual([['hilum://app/index.html']]);
  });

  it('guards every webContents that is created', () => {
    const created = electron.appListeners.get('web-contents-created')!;
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const contents = { on: (e: string, l: (...args: unknown[]) => void) => listeners.set(e, l), setWindowOpenHandler: vi.fn() };
    created({}, contents);
    const event = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
    const open = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('has exactly one IPC entry point, which refuses a foreign frame', async () => {
    expect(seen.ipcHandle).toHaveLength(1);
    expect(seen.ipcOn).toHaveLength(0);
    const [channel, route] = seen.ipcHandle[0]! as [
      string,
      (e: unknown, c: unknown, p: unknown) => Promise<{ ok: boolean; error?: { code: string } }>,
    ];
    expect(channel).toBe('hilum:invoke');
    const refused = await route({ senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 1 } }, 'system.info', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The app's own frame gets through to the session guard (its window's session carrier is wired):
    // without a session, data channels answer NOT_SIGNED_IN and asking who is signed in is answered.
    const appFrame = { senderFrame: { url: 'hilum://app/index.html', parent: null }, sender: { id: 1 } };
    expect(await route(appFrame, 'system.info', {})).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect(await route(appFrame, 'session.current', {})).toMatchObject({ ok: true });
  });
});
