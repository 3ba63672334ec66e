/**
 * How the renderer reaches main: the preload's `window.hilum.invoke` under Electron, or fetch to the
 * loopback dev host. The dev host's launch token arrives in the URL fragment; it is traded once for
 * an HttpOnly cookie (`admitFromFragment`) and then forgotten, so a reload stays admitted and page
 * scripts hold no secret. The sign-in session is a second HttpOnly cookie (dev host) or lives in the
 * Electron main process: the renderer never sees a session token. Session errors are reported to
 * one listener (the session state), which shows the sign-in or lock screen.
 */
import type { Transport } from '../../src-core/contracts/bridge';
import type { Envelope } from '../../src-core/contracts/envelope';

interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
}

let onSessionError: (code: 'NOT_SIGNED_IN' | 'SESSION_LOCKED') => void = () => {};

export function listenForSessionErrors(listener: typeof onSessionError): void {
  onSessionError = listener;
}

/** Reads `#token=...` once at start-up, trades it for the admission cookie, and leaves the address bar clean. */
export async function admitFromFragment(): Promise<void> {
  const match = /^#token=([0-9a-f]{16,})/.exec(window.location.hash);
  if (!match) return;
  history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  await fetch('/auth/admit', { method: 'POST', headers: { 'x-hilum-token': match[1]! }, credentials: 'same-origin' });
}

function preloadBridge(): PreloadBridge | undefined {
  return (window as unknown as { hilum?: PreloadBridge }).hilum;
}

function failure(code: 'FORBIDDEN' | 'IO_ERROR', message: string): Envelope<unknown> {
  return { ok: false, error: { name: 'HilumError', code, message, details: {} } };
}

async function viaDevHost(channel: string, payload: unknown): Promise<Envelope<unknown>> {
  const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(payload ?? {}),
  });
  if (response.status === 401)
    return failure(
      'FORBIDDEN',
      'This browser window was not opened from the address printed by `hilum app serve`: open that address (it carries a one-time key).',
    );
  if (!response.ok) return failure('IO_ERROR', `The app server answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Envelope<unknown>;
}

export function createTransport(): Transport {
  return async (channel, payload) => {
    const bridge = preloadBridge();
    const envelope = bridge ? await bridge.invoke(channel, payload) : await viaDevHost(channel, payload);
    if (!envelope.ok && (envelope.error.code === 'NOT_SIGNED_IN' || envelope.error.code === 'SESSION_LOCKED'))
      onSessionError(envelope.error.code);
    return envelope;
  };
}
