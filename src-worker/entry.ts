/**
 * Worker entry point: speaks the job protocol (src-core/contracts/jobs/protocol.ts) over a message
 * port. Under the CLI and tests the port is worker_threads' parentPort; under Electron it is the
 * utilityProcess's parentPort (same message shapes).
 */
import { parentPort } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../src-core/contracts/jobs';
import { HilumError, serializeError } from '../src-core/errors';
import { runJob } from './runJob';

interface Port {
  postMessage(message: WorkerToHost): void;
  on(event: 'message', listener: (message: HostToWorker) => void): void;
}

export function serveJobs(port: Port): void {
  const running = new Map<string, AbortController>();
  port.on('message', (message) => {
    if (message.kind === 'cancel') {
      running.get(message.id)?.abort(new HilumError('CANCELLED', `Job ${message.id} was cancelled`, { jobId: message.id }));
      return;
    }
    const controller = new AbortController();
    running.set(message.id, controller);
    const ctx = {
      id: message.id,
      signal: controller.signal,
      progress: (progress: object) => port.postMessage({ kind: 'progress', id: message.id, progress }),
    };
    runJob(message.job, message.params, ctx)
      .then((value) => port.postMessage({ kind: 'result', id: message.id, value }))
      .catch((error: unknown) => {
        const serialized = serializeError(error);
        port.postMessage(
          serialized.code === 'CANCELLED' ? { kind: 'cancelled', id: message.id } : { kind: 'error', id: message.id, error: serialized },
        );
      })
      .finally(() => running.delete(message.id));
  });
  port.postMessage({ kind: 'ready' });
}

if (parentPort) serveJobs(parentPort as unknown as Port);
