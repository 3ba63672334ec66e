// A MessagePortMain-shaped bridge into a Playwright page: what Electron's preload does in the app (hand the gradient page
// a MessagePort through window.postMessage) done here by the test, with the page's end relayed over Playwright
// (exposeFunction one way, evaluate the other; typed arrays survive both). 'close' fires when the page closes or crashes,
// as it does on a MessagePortMain whose other end went away.
import { EventEmitter } from 'node:events';
import type { Page } from 'playwright-core';
import { gradientPortChannel } from '../../../../src-core/contracts/gradientWindow';
import type { GradientPort } from '../../../../src-worker/model/parallel/WindowGradientSource';

interface BridgeWindow {
  hilumBridgeToNode(message: unknown): void;
  hilumBridgePort: MessagePort;
}

export async function bridgePagePort(page: Page): Promise<GradientPort> {
  const events = new EventEmitter();
  await page.exposeFunction('hilumBridgeToNode', (message: unknown) => events.emit('message', { data: message }));
  page.once('close', () => events.emit('close'));
  page.once('crash', () => events.emit('close'));
  await page.evaluate((channel) => {
    const w = window as unknown as Window & BridgeWindow;
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = (e) => w.hilumBridgeToNode(e.data);
    w.hilumBridgePort = port1;
    window.postMessage(channel, '*', [port2]);
  }, gradientPortChannel);
  // In order, one evaluate at a time; a message to a closed page is lost, as on a disconnected port.
  let sending = Promise.resolve();
  return {
    postMessage: (message) => {
      sending = sending
        .then(() => page.evaluate((m) => (window as unknown as BridgeWindow).hilumBridgePort.postMessage(m), message))
        .catch(() => undefined);
    },
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    start: () => undefined,
    close: () => events.removeAllListeners(),
  };
}
