/**
 * How the renderer reaches main: the preload's `window.hilum.invoke` under Electron, or fetch to the
 * loopback dev host with the token taken from the URL fragment (then removed from the address bar).
 */
import type { Transport } from '../../src-core/contracts/bridge';
import type { Envelope } from '../../src-core/contracts/envelope';

interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
}

let devHostToken: string | null = null;

/** Reads `#token=...` once at start-up and replaces it with the first page's route. */
export function takeTokenFromFragment(): void {
  const match = /^#token=([0-9a-f]{16,})/.exec(window.location.hash);
  if (!match) return;
  devHostToken = match[1]!;
  history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/datasets`);
}

function preloadBridge(): PreloadBridge | undefined {
  return (window as unknown as { hilum?: PreloadBridge }).hilum;
}

export function createTransport(): Transport {
  return async (channel, payload) => {
    const bridge = preloadBridge();
    if (bridge) return bridge.invoke(channel, payload);
    if (!devHostToken) {
      return { ok: false, error: { name: 'HilumError', code: 'FORBIDDEN', message: 'No access token: open the URL printed by `hilum app serve` (the token is in its #fragment)', details: {} } };
    }
    const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hilum-token': devHostToken },
      body: JSON.stringify(payload ?? {}),
    });
    if (!response.ok) {
      return { ok: false, error: { name: 'HilumError', code: response.status === 401 ? 'FORBIDDEN' : 'IO_ERROR', message: `Dev host answered ${response.status}: ${await response.text()}`, details: {} } };
    }
    return (await response.json()) as Envelope<unknown>;
  };
}
