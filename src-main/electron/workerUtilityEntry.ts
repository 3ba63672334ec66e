/**
 * Entry of the worker when it runs as an Electron utilityProcess: adapts process.parentPort
 * (messages arrive wrapped as { data }) to the port shape serveJobs expects, and files the port to a
 * WebGPU gradient window that main sends ahead of a webgpu training job (see openGradientWindow.ts).
 */
import type { GradientPortMessage } from '../../src-core/contracts/gradientWindow';
import type { HostToWorker, WorkerToHost } from '../../src-core/contracts/jobs';
import { serveJobs } from '../../src-worker/entry';
import { gradientPorts } from '../../src-worker/model/parallel/gradientPorts';
import type { GradientPort } from '../../src-worker/model/parallel/WindowGradientSource';

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports?: GradientPort[] }) => void): void;
}

/** Routes one parentPort message: a gradient window's port is filed for its job, anything else goes to the job server. */
export function routeUtilityMessage(event: { data: unknown; ports?: GradientPort[] }, toJobs: (message: HostToWorker) => void): void {
  const data = event.data as HostToWorker | GradientPortMessage;
  if (data.kind === 'gradient-port') {
    if (event.ports?.[0]) gradientPorts.offer(data.id, event.ports[0]);
    return;
  }
  toJobs(data);
}

const parentPort = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
if (parentPort) {
  serveJobs({
    postMessage: (message: WorkerToHost) => parentPort.postMessage(message),
    on: (_event: 'message', listener: (message: HostToWorker) => void) =>
      parentPort.on('message', (event) => routeUtilityMessage(event, listener)),
  });
}
