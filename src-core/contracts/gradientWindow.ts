/**
 * Names the Electron main process, the preload and the WebGPU gradient page share to hand the page the MessagePort
 * a training job's gradients travel over (src-main/electron/openGradientWindow.ts, src-worker/model/parallel/gradientPageMain.ts).
 */

/** The IPC message main sends the hidden window (with the port), and the window message the preload forwards it as. */
export const gradientPortChannel = 'hilum:gradient-port';

/** The gradient page, relative to the renderer's root (served as hilum://app/gpu/gradients.html). */
export const gradientPagePath = 'gpu/gradients.html';

/** Main → the job's utility process, just before the job's `start`, with the port to the job's gradient window. */
export interface GradientPortMessage {
  kind: 'gradient-port';
  /** The job (HostToWorker `start` id) the port belongs to. */
  id: string;
}

/** Whether a job start asks for gradients from a WebGPU window: a `model.train` whose config says `backend: webgpu`. */
export function wantsWindowGradients(message: { kind: string; job?: string; params?: unknown }): boolean {
  if (message.kind !== 'start' || message.job !== 'model.train') return false;
  const config = (message.params as { config?: { backend?: unknown } } | undefined)?.config;
  return typeof config === 'object' && config !== null && config.backend === 'webgpu';
}
