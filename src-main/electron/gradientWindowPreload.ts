/**
 * Sandboxed preload of the hidden WebGPU gradient window only (openGradientWindow.ts): hands the page's main world the
 * MessagePort main sends it, and nothing else. The page gets no `window.hilum`: it computes gradients, it calls no channel.
 */
import { ipcRenderer } from 'electron';
import { gradientPortChannel } from '../../src-core/contracts/gradientWindow';

// The isolated world cannot hand the page an object, but window.postMessage can transfer a port into the main world.
// '*' is this same window, which the navigation guards keep on the app's origin; the page also checks event.source.
const page = globalThis as unknown as { postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void };
ipcRenderer.on(gradientPortChannel, (event) => page.postMessage(gradientPortChannel, '*', event.ports));
