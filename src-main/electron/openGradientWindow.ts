/**
 * The hidden window a webgpu training job computes its gradients in (tfjs `webgpu` in Electron's own Chromium, page
 * src-renderer/gpu/gradients.html), and the MessagePortMain the job's utility process talks to it through. It cannot
 * run on the machine Hilum is developed on (no Electron binary); the page and the port protocol are tested in Chromium.
 */
import { BrowserWindow, MessageChannelMain, type MessagePortMain } from 'electron';
import { gradientPagePath, gradientPortChannel } from '../../src-core/contracts/gradientWindow';
import { appOrigin } from './appProtocol';
import { secureWebPreferences } from './secureWebPreferences';

export function openGradientWindow(preload: string): { window: BrowserWindow; jobPort: MessagePortMain } {
  const window = new BrowserWindow({
    show: false,
    title: 'Hilum WebGPU gradients',
    // A hidden window is throttled by default; its GPU work must not wait on that.
    webPreferences: { ...secureWebPreferences(preload), backgroundThrottling: false },
  });
  const { port1, port2 } = new MessageChannelMain();
  // The page's end goes over once the page can listen (the preload forwards it to the page's main world).
  window.webContents.once('did-finish-load', () => window.webContents.postMessage(gradientPortChannel, null, [port1]));
  // A crashed page closes its end of the channel: the job sees its port close and fails the step (WindowGradientSource).
  window.webContents.once('render-process-gone', () => window.destroy());
  void window.loadURL(`${appOrigin}/${gradientPagePath}`);
  return { window, jobPort: port2 };
}
