/**
 * The webPreferences of every window: the renderer is an untrusted web page with no Node, in the
 * Chromium sandbox, isolated from the preload, with web security on. Frozen so nothing can loosen it.
 */
export interface SecureWebPreferences {
  readonly preload: string;
  readonly sandbox: true;
  readonly contextIsolation: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly experimentalFeatures: false;
  readonly navigateOnDragDrop: false;
  readonly spellcheck: false;
  readonly safeDialogs: true;
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return Object.freeze({
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  });
}

/** Checks options someone is about to hand to a BrowserWindow (used by tests and by createMainWindow). */
export function isSecureWebPreferences(prefs: Record<string, unknown> | undefined): boolean {
  if (!prefs) return false;
  const expected = secureWebPreferences(String(prefs.preload ?? '')) as unknown as Record<string, unknown>;
  return Object.entries(expected).every(([key, value]) => key === 'preload' || prefs[key] === value);
}
