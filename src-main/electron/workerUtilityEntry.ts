/**
 * Entry of the worker when it runs as an Electron utilityProcess: adapts process.parentPort
 * (messages arrive wrapped as { data }) to the port shape serveJobs expects.
 */
import type { HostToWorker, WorkerToHost } from '../../src-core/contracts/jobs';
import { serveJobs } from '../../src-worker/entry';

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
if (parentPort) {
  serveJobs({
    postMessage: (message: WorkerToHost) => parentPort.postMessage(message),
    on: (_event: 'message', listener: (message: HostToWorker) => void) =>
      parentPort.on('message', (event) => listener(event.data as HostToWorker)),
  });
}
