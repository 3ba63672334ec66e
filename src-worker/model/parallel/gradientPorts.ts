/**
 * Ports to WebGPU gradient windows that Electron main handed this utility process, by job id, until the job takes its
 * own (main sends the port just before the job's `start`; src-main/electron/workerUtilityEntry.ts files it here).
 */
import type { GradientPort } from './WindowGradientSource';

const waiting = new Map<string, GradientPort>();

export const gradientPorts = {
  offer(jobId: string, port: GradientPort): void {
    waiting.get(jobId)?.close();
    waiting.set(jobId, port);
    // A job that ends before taking its port (it failed early): main closes the window, and the entry goes with it.
    port.on('close', () => {
      if (waiting.get(jobId) === port) waiting.delete(jobId);
    });
  },
  /** The job's port, once (undefined when main sent none: not the app, or not a webgpu run). */
  take(jobId: string): GradientPort | undefined {
    const port = waiting.get(jobId);
    waiting.delete(jobId);
    return port;
  },
};
