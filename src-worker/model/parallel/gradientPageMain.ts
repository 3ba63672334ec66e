/**
 * Browser entry of the WebGPU gradient page (src-renderer/gpu/gradients.html, a hidden window of the app): waits for
 * the MessagePort the preload hands over, then answers the gradient protocol on tfjs `webgpu`. Worker code that runs in
 * Chromium, kept here because it is the same step as the worker threads' (serveGradientProtocol) and the renderer may
 * not import src-worker; it uses no Node module, only tfjs and the model code.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { gradientPortChannel } from '../../../src-core/contracts/gradientWindow';
import { HilumError } from '../../../src-core/errors';
import type { ToGradientWorker } from './protocol';
import { type InitRequest, serveGradientProtocol } from './serveGradientProtocol';

// src-worker compiles without DOM types; these are the few browser shapes the page touches.
interface PagePort {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}
interface PortEvent {
  data: unknown;
  source: unknown;
  ports: readonly PagePort[];
}
interface GpuAdapter {
  info?: { vendor?: string; architecture?: string; description?: string };
}
interface Page {
  addEventListener(type: 'message', listener: (event: PortEvent) => void): void;
  navigator: { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } };
  isSecureContext: boolean;
}

const page = globalThis as unknown as Page;

/** Brings up tfjs `webgpu`, or says precisely why not (no navigator.gpu, no adapter, backend refused). */
async function prepareWebgpu(init: InitRequest): Promise<string> {
  if (init.backend !== 'webgpu')
    throw new HilumError('UNSUPPORTED', `the WebGPU gradient page computes on webgpu only, not ${init.backend}`);
  const gpu = page.navigator.gpu;
  if (!gpu)
    throw new HilumError('UNSUPPORTED', `no WebGPU in this window: navigator.gpu is missing (secure context: ${page.isSecureContext})`);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new HilumError('UNSUPPORTED', 'no WebGPU adapter: navigator.gpu.requestAdapter() returned null');
  if (!(await tf.setBackend('webgpu')))
    throw new HilumError('UNSUPPORTED', 'tfjs refused the webgpu backend (tf.setBackend returned false)');
  await tf.ready();
  const info = adapter.info ?? {};
  return `tfjs webgpu in Chromium, adapter ${[info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed'}`;
}

let served = false;
page.addEventListener('message', (event) => {
  // The port comes from this window itself (the preload posts it from its isolated world), once.
  if (served || event.source !== page || event.data !== gradientPortChannel || !event.ports[0]) return;
  served = true;
  const port = event.ports[0];
  serveGradientProtocol(
    {
      post: (message, transfer) => port.postMessage(message, transfer),
      onMessage: (listener) => {
        port.onmessage = (e) => listener(e.data as ToGradientWorker);
      },
    },
    prepareWebgpu,
  );
});
