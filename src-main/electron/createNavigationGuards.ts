/**
 * Navigation policy for every webContents: the app never navigates away from its own origin, never
 * opens new windows, never attaches <webview>; an allow-listed https link goes to the system browser.
 * Pure logic over small event shapes, so tests can drive it without Electron.
 */
import { isAppUrl } from './appProtocol';
import { isAllowedExternalUrl } from './externalLinkPolicy';

interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationGuards {
  /** will-navigate / will-redirect / will-frame-navigate: in-app URLs pass, everything else is stopped. */
  onWillNavigate(event: PreventableEvent, url: string): void;
  /** setWindowOpenHandler: always deny; allow-listed https links open in the system browser. */
  windowOpenHandler(details: { url: string }): { action: 'deny' };
  /** will-attach-webview: always prevented. */
  onWillAttachWebview(event: PreventableEvent): void;
}

export interface NavigationTarget {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function createNavigationGuards(openExternal: (url: string) => unknown): NavigationGuards {
  const maybeOpenOutside = (url: string) => {
    if (isAllowedExternalUrl(url)) void openExternal(url);
  };
  return {
    onWillNavigate(event, url) {
      if (isAppUrl(url)) return;
      event.preventDefault();
      maybeOpenOutside(url);
    },
    windowOpenHandler({ url }) {
      maybeOpenOutside(url);
      return { action: 'deny' };
    },
    onWillAttachWebview(event) {
      event.preventDefault();
    },
  };
}

/** Wires the guards into one webContents (called from app 'web-contents-created', so none escapes). */
export function installNavigationGuards(contents: NavigationTarget, guards: NavigationGuards): void {
  contents.on('will-navigate', (event, url) => guards.onWillNavigate(event, url));
  contents.on('will-redirect', (event, url) => guards.onWillNavigate(event, url));
  contents.on('will-attach-webview', (event) => guards.onWillAttachWebview(event));
  contents.setWindowOpenHandler((details) => guards.windowOpenHandler(details));
}
